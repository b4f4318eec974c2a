// The letter and email templates: the user's own in the config folder
// ($XDG_CONFIG_HOME/leads/templates/letter.txt and email.txt), else these defaults.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RunError } from '../core/errors.js';
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

function load(dir: string, file: string, fallback: string, withSubject: boolean): Template {
  const path = join(dir, file);
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
