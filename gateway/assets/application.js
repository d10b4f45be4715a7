// Starts GOV.UK Frontend's components. Loaded as a module, so browsers too old for modules get
// the pages without JavaScript enhancements, as GOV.UK Frontend intends.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
