-- The call queue (src/store/queue.ts) reads, for each status and last code, the due leads
-- in next-contact order: one index range per (status, code), so call-backs are found
-- without walking past thousands of retries, and never a scan of the whole table.
CREATE INDEX leads_queue_code ON leads (status, code, next_contact_at)
  WHERE next_contact_at IS NOT NULL AND do_not_call = 0 AND status IN ('prospect', 'cycle');
-- the same for one list or one source (`leads call --list L`, `--source S`)
CREATE INDEX leads_queue_code_list ON leads (list, status, code, next_contact_at)
  WHERE next_contact_at IS NOT NULL AND do_not_call = 0 AND status IN ('prospect', 'cycle');
CREATE INDEX leads_queue_code_source ON leads (source, status, code, next_contact_at)
  WHERE next_contact_at IS NOT NULL AND do_not_call = 0 AND status IN ('prospect', 'cycle');
-- never-called prospects of one list or source, by priority then list order
CREATE INDEX leads_queue_new_list ON leads (list, priority DESC, id)
  WHERE code IS NULL AND do_not_call = 0 AND status = 'prospect';
CREATE INDEX leads_queue_new_source ON leads (source, priority DESC, id)
  WHERE code IS NULL AND do_not_call = 0 AND status = 'prospect';
