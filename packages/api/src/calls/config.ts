import { z } from 'zod';

/**
 * Settings of the calls module, read from the environment and validated like the main configuration
 * (config.ts belongs to the platform; these stay with the module that uses them).
 */
export const CallsConfigSchema = z.object({
  /** Multiplies every SLA duration: 1 in production; tests compress minutes (e.g. 0.0005: 15 min → 450 ms). */
  CALLS_SLA_SCALE: z.coerce.number().positive().max(1000).default(1),
  /** Calls one person may raise per window (429 above it). */
  CALLS_PER_USER_LIMIT: z.coerce.number().int().min(1).default(5),
  CALLS_PER_USER_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
  /**
   * Open311: the community (cmt_ id) a request without jurisdiction_id and without api_key reads from. Unset: such
   * requests get 400 (the platform serves many communities).
   */
  OPEN311_DEFAULT_JURISDICTION: z
    .string()
    .regex(/^cmt_[0-9A-HJKMNP-TV-Z]{26}$/, { message: 'must be a community id (cmt_…)' })
    .optional(),
  /** Open311: requests one partner api_key may submit per minute (429 above it, shared through Redis). */
  OPEN311_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
});
export type CallsConfig = z.infer<typeof CallsConfigSchema>;

export function loadCallsConfig(env: NodeJS.ProcessEnv = process.env): CallsConfig {
  const parsed = CallsConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`invalid configuration:\n${lines.join('\n')}`);
}
