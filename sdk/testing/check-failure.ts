import type * as pulumi from "@pulumi/pulumi";

/**
 * The message `pulumi preview` prints for one failure of a provider's `check`, in the engine's words
 * (`diag.GetResourcePropertyInvalidValueError` and `GetResourceInvalidError`, codes 2003 and 2002), e.g.
 * `pulumi-nodejs:dynamic/perplexity:Member resource 'ann': property email value {ann@} has a problem: …`.
 *
 * @param inputs The inputs the program declared, as the engine received them.
 */
export function checkFailureMessage(type: string, name: string, inputs: Record<string, unknown>, failure: pulumi.dynamic.CheckFailure): string {
  if (failure.property === "") return `${type} resource '${name}' has a problem: ${failure.reason}`;
  return `${type} resource '${name}': property ${failure.property} value ${goValue(inputs[failure.property])} has a problem: ${failure.reason}`;
}

/**
 * A value as the engine prints it: Go's `%v` of a `resource.PropertyValue`, i.e. `{…}` around the value,
 * `<nil>` for a missing or null one, `[a b]` for lists and `map[k:v …]` (keys sorted) for objects.
 */
function goValue(value: unknown): string {
  return `{${inner(value)}}`;
}

function inner(value: unknown): string {
  if (value === undefined || value === null) return "<nil>";
  if (Array.isArray(value)) return `[${value.map(goValue).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(" ")}]`;
  }
  return String(value);
}
