// Dialling through the user's own phone program: the `dial.command` setting made into the
// arguments of one process. There is no shell: the command line is split here, and the only
// text from the lead that reaches it is a number's digits (E.164, or as written) and the
// digits of an extension.
import { UsageError } from './errors.js';
import { otherPhones, type LeadRow } from './lead.js';
import { normalisePhone, phoneDigits } from './normalise.js';
import { phoneCountry } from './country.js';

/**
 * A number of the lead's that a key dials: what it is, as written, its E.164 when it is a
 * valid number, and what is dialled (null: it cannot be): the E.164, else the number as
 * written (a number not valid in the lead's country is dialled as the person wrote it).
 */
export interface DialTarget {
  what: string;
  written: string;
  e164: string | null;
  ext: string | null;
  number: string | null;
}

function target(what: string, written: string, e164: string | null, ext: string | null): DialTarget {
  return { what, written, e164, ext, number: e164 ?? phoneDigits(written) };
}

/** What `d` dials: the lead's phone, with its extension. */
export function phoneTarget(lead: Pick<LeadRow, 'phone' | 'phone_e164' | 'phone_ext'>): DialTarget | null {
  return lead.phone ? target('phone', lead.phone, lead.phone_e164, lead.phone_ext) : null;
}

/**
 * What `m` dials, press after press: the mobile, then each further phone the import kept
 * (a home phone, a second number), read in the lead's country (else `country`) as the
 * import read them.
 */
export function mobileTargets(lead: Pick<LeadRow, 'mobile' | 'mobile_e164' | 'other_phones' | 'country'>, country: string): DialTarget[] {
  const out: DialTarget[] = lead.mobile ? [target('mobile', lead.mobile, lead.mobile_e164, null)] : [];
  const at = phoneCountry(lead.country, country);
  for (const p of otherPhones(lead)) {
    const n = normalisePhone(p.number, at);
    out.push(target(p.label, p.number, n?.e164 ?? null, n?.ext ?? null));
  }
  return out;
}

/**
 * Splits a command line into arguments as a shell would for plain words: whitespace
 * separates, single quotes keep everything, double quotes keep all but `\"` and `\\`,
 * a backslash outside quotes keeps the next character. Nothing else is special.
 */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`dial.command has an unclosed ${quote} quote`);
  if (inWord) args.push(cur);
  return args;
}

/** `tel:+16175550100`, with `;ext=12` when the extension is digits (RFC 3966); a number as written is `tel:0201234567`. */
export function telUri(number: string, ext?: string | null): string {
  return `tel:${number}${ext && /^\d+$/.test(ext) ? `;ext=${ext}` : ''}`;
}

/**
 * The program and arguments that dial `number` (an E.164 number, or digits as written):
 * `{number}` becomes it and `{tel}` the tel: URI wherever they stand; with neither, the URI
 * is one more argument at the end.
 */
export function dialArgv(command: string, number: string, ext?: string | null): string[] {
  const words = splitCommandLine(command);
  if (!words.length) throw new UsageError('dial.command is empty; set one with `leads config set dial.command "xdg-open {tel}"`');
  const tel = telUri(number, ext);
  const placed = words.some((w) => w.includes('{number}') || w.includes('{tel}'));
  const out = words.map((w) => w.replaceAll('{number}', number).replaceAll('{tel}', tel));
  return placed ? out : [...out, tel];
}
