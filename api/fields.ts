import { z } from "zod";
import { COUNTRY_CODES } from "./countries";

/**
 * Field rules shared by the wire contract (snake_case) and the Pulumi resource arguments (camelCase),
 * so a value the provider accepts at `pulumi preview` is one the API accepts at `pulumi up`.
 */


// What String#trim() removes, spelled out so the pattern means the same in every regex engine that reads
// openapi.json (JavaScript's and Python's `\s` differ).
const SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
const CONTROL = "\\u0000-\\u001f\\u007f";

/**
 * A display name: 1–100 characters, no control characters (U+0000–U+001F, U+007F), and no whitespace at
 * either end. openapi.json states both rules as one `pattern`; the two checks before it only give each
 * rule its own message.
 */
export const DisplayName = z
  .string()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine((s) => !new RegExp(`[${CONTROL}]`).test(s), "must not contain control characters")
  .refine((s) => s.trim() === s, "must not start or end with whitespace")
  .regex(new RegExp(`^[^${CONTROL}${SPACE}](?:[^${CONTROL}]*[^${CONTROL}${SPACE}])?$`), "must not contain control characters or start or end with whitespace");

/** Free text of an address line: 1–200 characters once surrounding whitespace is trimmed (so not only whitespace). */
export const AddressLine = z
  .string()
  // Stated before the trim so openapi.json says it: a character that is not whitespace.
  .regex(new RegExp(`[^${SPACE}]`), "must not be empty")
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters");

/** An ISO 3166-1 alpha-2 country code in upper case, e.g. `US`, `DE`. */
export const CountryCode = z
  .string()
  .refine((c) => COUNTRY_CODES.has(c), "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. US or DE")
  // openapi.json lists the codes (zod copies this keyword into the JSON Schema); the refinement keeps the
  // one-line message, where a zod enum would list all 249 codes in every error.
  .meta({ enum: [...COUNTRY_CODES] });

/** A postal code: 1–20 letters, digits, spaces or dashes. */
export const PostalCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{0,19}$/, "must be 1-20 letters, digits, spaces or dashes");

/**
 * Tax id formats accepted on invoices, keyed by type. Patterns follow the issuing authorities' formats
 * (the same set of types Stripe Tax accepts for these countries).
 */
export const TAX_ID_FORMATS = {
  eu_vat: { pattern: /^[A-Z]{2}[0-9A-Z+*]{2,13}$/, example: "DE123456789" },
  gb_vat: { pattern: /^GB(\d{9}|\d{12})$/, example: "GB123456789" },
  us_ein: { pattern: /^\d{2}-\d{7}$/, example: "12-3456789" },
  ca_bn: { pattern: /^\d{9}$/, example: "123456789" },
  au_abn: { pattern: /^\d{11}$/, example: "12345678912" },
  in_gst: { pattern: /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/, example: "12ABCDE3456FGZH" },
  ch_vat: { pattern: /^CHE-\d{3}\.\d{3}\.\d{3} (MWST|TVA|IVA)$/, example: "CHE-123.456.789 MWST" },
  jp_cn: { pattern: /^\d{13}$/, example: "1234567891234" },
} as const;

/** The tax id types in {@link TAX_ID_FORMATS}. */
export const TaxIdType = z.enum(Object.keys(TAX_ID_FORMATS) as [keyof typeof TAX_ID_FORMATS]);
/** See {@link TaxIdType}. */
export type TaxIdType = z.infer<typeof TaxIdType>;

/** A tax id `{type, value}` whose value matches the format of its type. */
export const TaxId = z
  .object({ type: TaxIdType, value: z.string().min(1, "must not be empty").max(40) })
  .strict()
  .superRefine((t, ctx) => {
    const format = TAX_ID_FORMATS[t.type];
    if (format && !format.pattern.test(t.value)) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `is not a valid ${t.type} (expected the form ${format.example})`,
      });
    }
  })
  // The same rule in openapi.json (zod copies these keywords into the JSON Schema): the value's pattern per type.
  .meta({ anyOf: Object.entries(TAX_ID_FORMATS).map(([type, f]) => ({ properties: { type: { const: type }, value: { pattern: f.pattern.source } } })) });
/** See {@link TaxId}. */
export type TaxId = z.infer<typeof TaxId>;
