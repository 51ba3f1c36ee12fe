import { z } from "zod";

/**
 * The `--sweep KEY=N,N,…` flag of a command: one of `keys` and up to 64 positive integers, parsed into
 * `{ key, values }`; a bad value names the keys allowed.
 */
export function sweepFlag<const K extends readonly [string, ...string[]]>(keys: K, example: string) {
  return z
    .string()
    .regex(/^[a-z]+=\d+(,\d+)*$/, `expected KEY=N,N,… with KEY one of ${keys.join(", ")}, e.g. ${example}`)
    .transform((s) => {
      const [key = "", values = ""] = s.split("=");
      return { key, values: values.split(",").map(Number) };
    })
    .pipe(
      z.object({
        key: z.enum(keys, { error: `sweep key must be one of ${keys.join(", ")}` }),
        values: z
          .array(z.number().int().positive("sweep values must be positive"))
          .max(64, "at most 64 values"),
      }),
    );
}
