// How a retry code's rules read in `leads codes` and `leads codes retry`.
import { formatDelay, type CodeRow } from '../core/codes.js';

/** `wait 1 day; rounds of 6, 30 days' rest between; at most 10 calls`. */
export function retryRulesText(c: Pick<CodeRow, 'retry_delay_minutes' | 'retry_round' | 'retry_rest_days'>, limit: number): string {
  return `wait ${formatDelay(c.retry_delay_minutes)}; rounds of ${c.retry_round}, ${c.retry_rest_days} days' rest between; at most ${limit} calls`;
}
