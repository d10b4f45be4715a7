-- Look-ups say what they were for, so audit and metrics can tell a school's search from the
-- background refresh; 'error' records an answer from TRS that could not be used (e.g. a
-- rejected API key), apart from TRS being unavailable.
ALTER TABLE trs_lookups
  ADD COLUMN purpose text NOT NULL DEFAULT 'find'
    CHECK (purpose IN ('find', 'find_by_nino', 'refresh'));
ALTER TABLE trs_lookups ALTER COLUMN purpose DROP DEFAULT;

ALTER TABLE trs_lookups DROP CONSTRAINT trs_lookups_outcome_check;
ALTER TABLE trs_lookups ADD CONSTRAINT trs_lookups_outcome_check
  CHECK (outcome IN ('found', 'date_of_birth_mismatch', 'not_found', 'deactivated', 'merged',
                     'unavailable', 'error'));
