import { z } from "zod";
import { COUNTRY_CODES } from "./countries";

/**
 * Field rules shared by the wire contract (snake_case) and the Pulumi resource arguments (camelCase),
 * so a value the provider accepts at `pulumi preview` is one the API accepts at `pulumi up`.
 */

/** A display name: 1–100 characters, no leading or trailing whitespace, no control characters. */
export const DisplayName = z
  .string()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine((s) => s.trim() === s, "must not start or end with whitespace")
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must not contain control characters");

/** Free text of an address line: 1–200 characters. */
export const AddressLine = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

/** An ISO 3166-1 alpha-2 country code in upper case, e.g. `US`, `DE`. */
export const CountryCode = z
  .string()
  .refine((c) => COUNTRY_CODES.has(c), "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. US or DE");

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
  .superRefine((t, ctx) => {
    const format = TAX_ID_FORMATS[t.type];
    if (format && !format.pattern.test(t.value)) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `is not a valid ${t.type} (expected the form ${format.example})`,
      });
    }
  });
/** See {@link TaxId}. */
export type TaxId = z.infer<typeof TaxId>;
