// Validates every object of `kubectl kustomize deploy/k8s` against the Kubernetes API schemas
// (kubernetes-models), offline. Also checks the project's own rules: every container has
// probes and resource limits, every Deployment has a PodDisruptionBudget and an autoscaler.
// Usage: node validate.mjs < rendered.yaml    Prints one line per problem; exit 1 on any.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const groupDir = (apiVersion) => {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  return group === "" ? version : `${group}/${version}`;
};

const problems = [];
const objects = parseAllDocuments(readFileSync(0, "utf8")).map((d) => d.toJSON()).filter(Boolean);
for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name}`;
  let Model;
  try {
    const module = await import(`kubernetes-models/${groupDir(object.apiVersion)}/${object.kind}`);
    Model = module[object.kind] ?? module.default;
  } catch {
    problems.push(`${name}: unknown apiVersion/kind ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
  const pod = object.spec?.template?.spec;
  for (const container of pod?.containers ?? []) {
    for (const field of ["readinessProbe", "livenessProbe"]) {
      if (!container[field]) problems.push(`${name}: container ${container.name} has no ${field}`);
    }
    if (!container.resources?.requests || !container.resources?.limits) {
      problems.push(`${name}: container ${container.name} needs resource requests and limits`);
    }
  }
}
const named = (kind) => new Set(objects.filter((o) => o.kind === kind).map((o) => o.metadata.name));
const budgets = named("PodDisruptionBudget");
const autoscalers = new Set(
  objects.filter((o) => o.kind === "HorizontalPodAutoscaler").map((o) => o.spec.scaleTargetRef.name));
for (const deployment of named("Deployment")) {
  if (!budgets.has(deployment)) problems.push(`Deployment/${deployment}: no PodDisruptionBudget`);
  if (!autoscalers.has(deployment)) problems.push(`Deployment/${deployment}: no autoscaler`);
}
for (const problem of problems) console.log(problem);
console.log(`${objects.length} objects checked, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
