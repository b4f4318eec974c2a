// The letter and email templates: the user's own in the config folder
// ($XDG_CONFIG_HOME/leads/templates/letter.txt and email.txt), else these defaults.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RunError } from '../core/errors.js';
import { notRegular } from '../disk/files.js';
import { parseTemplate, type Template } from '../core/template.js';

// One paragraph a line: the letter is wrapped to the page, and a mail program wraps an
// email to its window, so merged names of any length never leave ragged lines.
export const DEFAULT_LETTER = `Dear {{first_name|Sir or Madam}},

Thank you for taking my call today and for telling me about {{company|your business}}. As promised, here is a short note on how {{sender.company|we}} can help.

We work with businesses like yours to save time on the everyday work that keeps a company running, so you can spend it with your customers instead. Many of our clients see the difference within the first month.

I will call you again in a few days to answer any questions you may have. If you would like to reach me before then, I am at {{sender.phone}} or {{sender.email|the address above}}.

Sincerely,



{{sender.name}}
{{sender.company}}
`;

export const DEFAULT_EMAIL = `Subject: {{sender.company|Our conversation}}: the information you asked for

Hello {{first_name|there}},

Thank you for speaking with me today, and for letting me send you this email.

As promised, here is a short summary of how {{sender.company|we}} could help {{company|your business}} save time on the everyday work that keeps a company running. I would be glad to answer any question by phone or by a reply to this message.

I will call you in a few days to follow up.

Best regards,
{{sender.name}}
{{sender.company}}
{{sender.phone}}
`;

/** `$XDG_CONFIG_HOME/leads/templates` (XDG default `~/.config/leads/templates`). */
export function templatesDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'leads', 'templates');
}

/** A template is a page of text: one bigger than this is not one (and would be read into memory whole). */
const MAX_BYTES = 256 * 1024;

function load(dir: string, file: string, fallback: string, withSubject: boolean): Template {
  const path = join(dir, file);
  // a link to a device or a named pipe would be read without end, or wait for a writer
  const kind = notRegular(path);
  if (kind) throw new RunError(`the template ${path} is ${kind}, not a text file; nothing was written`);
  if (existsSync(path) && statSync(path).size > MAX_BYTES) {
    throw new RunError(`the template ${path} is larger than ${MAX_BYTES / 1024} KiB: not a letter or an email; nothing was written`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return parseTemplate(fallback, `(default ${file})`, withSubject);
    throw new RunError(`cannot read the template ${path}: ${(e as Error).message}`);
  }
  return parseTemplate(text, path, withSubject);
}

export interface Templates {
  letter: Template;
  email: Template;
}

export function loadTemplates(dir: string): Templates {
  return { letter: load(dir, 'letter.txt', DEFAULT_LETTER, false), email: load(dir, 'email.txt', DEFAULT_EMAIL, true) };
}
