// A lead's time zone, from what the lead holds: its own time_zone, a US ZIP or Canadian
// postal code, a state or province, its country, or its phone (the area code in North
// America, else the calling code's country). The zones of a country come from @vvo/tzdb
// (the IANA zones grouped by identical clocks, loaded on the first lead that needs it);
// the compact tables below say where in the US and Canada a state, a ZIP prefix or an area
// code is: a state split between zones takes the zone most of its people live in, and the
// ZIP prefixes and area codes that differ say so.
import { createRequire } from 'node:module';
import { countryKey, countryOfPhone } from './country.js';

const E = 'America/New_York';
const C = 'America/Chicago';
const M = 'America/Denver';
const P = 'America/Los_Angeles';

/** State or province (postal abbreviation), name, zone. */
const REGIONS: [string, string, string][] = [
  ['AL', 'Alabama', C], ['AK', 'Alaska', 'America/Anchorage'], ['AZ', 'Arizona', 'America/Phoenix'],
  ['AR', 'Arkansas', C], ['CA', 'California', P], ['CO', 'Colorado', M], ['CT', 'Connecticut', E],
  ['DE', 'Delaware', E], ['DC', 'District of Columbia', E], ['FL', 'Florida', E], ['GA', 'Georgia', E],
  ['HI', 'Hawaii', 'Pacific/Honolulu'], ['ID', 'Idaho', 'America/Boise'], ['IL', 'Illinois', C],
  ['IN', 'Indiana', 'America/Indiana/Indianapolis'], ['IA', 'Iowa', C], ['KS', 'Kansas', C],
  ['KY', 'Kentucky', E], ['LA', 'Louisiana', C], ['ME', 'Maine', E], ['MD', 'Maryland', E],
  ['MA', 'Massachusetts', E], ['MI', 'Michigan', 'America/Detroit'], ['MN', 'Minnesota', C],
  ['MS', 'Mississippi', C], ['MO', 'Missouri', C], ['MT', 'Montana', M], ['NE', 'Nebraska', C],
  ['NV', 'Nevada', P], ['NH', 'New Hampshire', E], ['NJ', 'New Jersey', E], ['NM', 'New Mexico', M],
  ['NY', 'New York', E], ['NC', 'North Carolina', E], ['ND', 'North Dakota', C], ['OH', 'Ohio', E],
  ['OK', 'Oklahoma', C], ['OR', 'Oregon', P], ['PA', 'Pennsylvania', E], ['RI', 'Rhode Island', E],
  ['SC', 'South Carolina', E], ['SD', 'South Dakota', C], ['TN', 'Tennessee', C], ['TX', 'Texas', C],
  ['UT', 'Utah', M], ['VT', 'Vermont', E], ['VA', 'Virginia', E], ['WA', 'Washington', P],
  ['WV', 'West Virginia', E], ['WI', 'Wisconsin', C], ['WY', 'Wyoming', M],
  ['PR', 'Puerto Rico', 'America/Puerto_Rico'], ['VI', 'Virgin Islands', 'America/St_Thomas'], ['GU', 'Guam', 'Pacific/Guam'],
  // Canada
  ['AB', 'Alberta', 'America/Edmonton'], ['BC', 'British Columbia', 'America/Vancouver'],
  ['MB', 'Manitoba', 'America/Winnipeg'], ['NB', 'New Brunswick', 'America/Moncton'],
  ['NL', 'Newfoundland and Labrador', 'America/St_Johns'], ['NS', 'Nova Scotia', 'America/Halifax'],
  ['NT', 'Northwest Territories', 'America/Edmonton'], ['NU', 'Nunavut', 'America/Iqaluit'],
  ['ON', 'Ontario', 'America/Toronto'], ['PE', 'Prince Edward Island', 'America/Halifax'],
  ['QC', 'Quebec', 'America/Toronto'], ['SK', 'Saskatchewan', 'America/Regina'], ['YT', 'Yukon', 'America/Whitehorse'],
];

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');

const REGION_ZONE = new Map<string, string>();
for (const [abbr, name, zone] of REGIONS) {
  REGION_ZONE.set(fold(abbr), zone);
  REGION_ZONE.set(fold(name), zone);
}
REGION_ZONE.set(fold('Newfoundland'), 'America/St_Johns');
REGION_ZONE.set(fold('Washington DC'), E);
REGION_ZONE.set(fold('Washington D.C.'), E);
REGION_ZONE.set(fold('PQ'), 'America/Toronto');
REGION_ZONE.set(fold('NF'), 'America/St_Johns');

const ABBR_ZONE = new Map(REGIONS.map(([abbr, , zone]) => [abbr, zone]));

/** The country of each region above, by abbreviation and name: Canada's provinces, else the US (its territories included). */
const CANADA = new Set(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT']);
const REGION_COUNTRY = new Map<string, 'US' | 'CA'>();
for (const [abbr, name] of REGIONS) {
  const country = CANADA.has(abbr) ? 'CA' : 'US';
  REGION_COUNTRY.set(fold(abbr), country);
  REGION_COUNTRY.set(fold(name), country);
}
for (const alias of ['Newfoundland', 'PQ', 'NF']) REGION_COUNTRY.set(fold(alias), 'CA');

/** The country of a state or province the project knows (`ON`, `Quebec`, `MA`), else null. */
export function countryOfRegion(region: string): 'US' | 'CA' | null {
  return REGION_COUNTRY.get(fold(region)) ?? null;
}

/**
 * US ZIP prefixes (first three digits) by state: `from-to state` ranges, in order, with the
 * prefixes whose zone differs from their state's (`from-to =Zone`) after them.
 */
const ZIP_RANGES = `005 NY,006-007 PR,008 VI,009 PR,010-027 MA,028-029 RI,030-038 NH,039-049 ME,050-054 VT,
055 MA,056-059 VT,060-069 CT,070-089 NJ,100-149 NY,150-196 PA,197-199 DE,200 DC,201 VA,202-205 DC,206-219 MD,
220-246 VA,247-268 WV,270-289 NC,290-299 SC,300-319 GA,320-339 FL,341-349 FL,350-369 AL,370-385 TN,386-397 MS,
398-399 GA,400-427 KY,430-459 OH,460-479 IN,480-499 MI,500-528 IA,530-549 WI,550-567 MN,569 DC,570-577 SD,
580-588 ND,590-599 MT,600-629 IL,630-658 MO,660-679 KS,680-693 NE,700-714 LA,716-729 AR,730-732 OK,733 TX,
734-749 OK,750-799 TX,800-816 CO,820-831 WY,832-838 ID,840-847 UT,850-865 AZ,870-884 NM,885 TX,889-898 NV,
900-961 CA,967-968 HI,969 GU,970-979 OR,980-994 WA,995-999 AK`;

const ZIP_ZONES = `324-325 =${C},463-464 =${C},476-477 =${C},420-424 =${C},373-374 =${E},376-379 =${E},
798-799 =${M},885 =${M},835 =${P},838 =${P},979 =America/Boise,693 =${M},577 =${M},586 =${M}`;

const ZIP3 = new Array<string | undefined>(1000);
for (const item of (ZIP_RANGES + ',' + ZIP_ZONES).split(/\s*,\s*/)) {
  const m = /^(\d{3})(?:-(\d{3}))?\s+(=?)(\S+)$/.exec(item.trim());
  if (!m) throw new Error(`bad ZIP table entry ${item}`);
  const zone = m[3] ? m[4] : ABBR_ZONE.get(m[4]);
  for (let z = Number(m[1]); z <= Number(m[2] ?? m[1]); z++) ZIP3[z] = zone;
}

/** Canadian postal codes by first letter (the forward sortation area's province). */
const FSA_ZONE: Record<string, string> = {
  A: 'America/St_Johns', B: 'America/Halifax', C: 'America/Halifax', E: 'America/Moncton',
  G: 'America/Toronto', H: 'America/Toronto', J: 'America/Toronto', K: 'America/Toronto', L: 'America/Toronto',
  M: 'America/Toronto', N: 'America/Toronto', P: 'America/Toronto', R: 'America/Winnipeg', S: 'America/Regina',
  T: 'America/Edmonton', V: 'America/Vancouver', X: 'America/Edmonton', Y: 'America/Whitehorse',
};

/** Area codes (North American Numbering Plan) by state or province; `=Zone` where it differs. */
const AREA_CODES = `AL 205 251 256 334 659 938;AK 907;AZ 480 520 602 623 928;AR 327 479 501 870;
CA 209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 840 858 909 916 925 949 951;
CO 303 719 720 970 983;CT 203 475 860 959;DE 302;DC 202 771;
FL 239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 863 904 941 954;
GA 229 404 470 478 678 706 762 770 912 943;HI 808;ID 208 986;
IL 217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872;IN 260 317 463 574 765 812 930;
IA 319 515 563 641 712;KS 316 620 785 913;KY 502 606 859;LA 225 318 337 504 985;ME 207;
MD 227 240 301 410 443 667;MA 339 351 413 508 617 774 781 857 978;
MI 231 248 269 313 517 586 616 679 734 810 906 947 989;MN 218 320 507 612 651 763 952;MS 228 601 662 769;
MO 235 314 417 557 573 636 660 816 975;MT 406;NE 308 402 531;NV 702 725 775;NH 603;
NJ 201 551 609 640 732 848 856 862 908 973;NM 505 575;
NY 212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934;
NC 252 336 472 704 743 828 910 919 980 984;ND 701;OH 216 220 234 283 326 330 380 419 436 440 513 567 614 740 937;
OK 405 539 572 580 918;OR 458 503 541 971;PA 215 223 267 272 412 445 484 570 582 610 717 724 814 835 878;
RI 401;SC 803 821 839 843 854 864;SD 605;TN 615 629 731 901 931;
TX 210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979;
UT 385 435 801;VT 802;VA 276 434 540 571 686 703 757 804 826 948;WA 206 253 360 425 509 564;WV 304 681;
WI 262 274 353 414 534 608 715 920;WY 307;PR 787 939;VI 340;GU 671;
AB 368 403 587 780 825;BC 236 250 257 604 672 778;MB 204 431 584;NB 428 506;NL 709 879;NS 782 902;
ON 226 249 289 343 365 382 387 416 437 519 548 613 647 683 705 742 753 807 905 942;
QC 263 354 367 418 438 450 468 514 579 581 819 873;SK 306 474 639;NT 867;
=${C} 850 219 270 364;=${M} 915;=${E} 423 865`;

const AREA = new Map<string, string>();
for (const group of AREA_CODES.split(';')) {
  const [head, ...codes] = group.trim().split(/\s+/);
  const zone = head.startsWith('=') ? head.slice(1) : ABBR_ZONE.get(head);
  if (!zone) throw new Error(`bad area code table entry ${head}`);
  for (const code of codes) AREA.set(code, zone);
}

/**
 * How a lead's zone was found: its own time_zone, its postal code or state (US and Canada),
 * its country, its phone's area code (North America) or calling code's country, or nothing
 * at all (the user's own zone is read).
 */
export type ZoneSource = 'lead' | 'postal_code' | 'region' | 'country' | 'phone' | 'phone_country' | 'user';

/** The lead's zone and how it was found. */
export interface LeadZone {
  /** the zone whose clock is shown; for a country of several zones, its first (westernmost) */
  zone: string;
  /**
   * every zone the lead may be in: the one zone, or each zone of a country of several
   * when nothing narrower is known (calling hours must hold in all of them)
   */
  zones: string[];
  from: ZoneSource;
  /** the country (two letters) the zones are of, when a country told them */
  country?: string;
}

interface Located {
  time_zone?: string | null;
  postal_code?: string | null;
  region?: string | null;
  country?: string | null;
  phone_e164?: string | null;
  mobile_e164?: string | null;
}

const validZones = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  let ok = validZones.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    if (validZones.size < 10_000) validZones.set(zone, ok);
  }
  return ok;
}

export function zoneOfPostalCode(code: string): string | null {
  const t = code.trim().toUpperCase();
  const zip = /^(\d{3})\d{2}(?:-?\d{4})?$/.exec(t);
  if (zip) return ZIP3[Number(zip[1])] ?? null;
  const fsa = /^([A-Z])\d[A-Z] ?\d[A-Z]\d$/.exec(t);
  if (fsa) return FSA_ZONE[fsa[1]] ?? null;
  return null;
}

export function zoneOfRegion(region: string): string | null {
  return REGION_ZONE.get(fold(region)) ?? null;
}

/** Zone of a North American number (+1 and its area code). */
export function zoneOfPhone(e164: string): string | null {
  const m = /^\+1(\d{3})\d{7}$/.exec(e164);
  return m ? (AREA.get(m[1]) ?? null) : null;
}

let countryZoneTable: Map<string, string[]> | undefined;

/**
 * The zones of a country, west to east, one for each set of identical clocks (@vvo/tzdb's
 * groups: Germany is Europe/Berlin alone, Australia seven zones from Perth to Lord Howe);
 * empty for a code that is no country. Only zones this runtime knows are given.
 */
export function zonesOfCountry(code: string): string[] {
  if (!countryZoneTable) {
    countryZoneTable = new Map();
    const raw = createRequire(import.meta.url)('@vvo/tzdb/raw-time-zones.json') as { name: string; countryCode: string; rawOffsetInMinutes: number }[];
    for (const z of [...raw].sort((a, b) => a.rawOffsetInMinutes - b.rawOffsetInMinutes)) {
      if (!isValidZone(z.name)) continue;
      const list = countryZoneTable.get(z.countryCode) ?? countryZoneTable.set(z.countryCode, []).get(z.countryCode)!;
      list.push(z.name);
    }
  }
  return countryZoneTable.get(code) ?? [];
}

const NORTH_AMERICA = new Set(['US', 'CA']);

/**
 * The lead's zone and how it was found, in this order: its own time_zone; in the US and
 * Canada (or with no country) its postal code, then its state or province; its country
 * when it has one zone; a North American phone's area code; its country of several zones
 * (all of them); its phone's country (one zone or all of them); else the user's own zone.
 */
export function leadZone(l: Located, userZone: string = defaultUserZone()): LeadZone {
  if (l.time_zone && isValidZone(l.time_zone)) return one(l.time_zone, 'lead');
  const country = l.country?.trim() ? countryKey(l.country) : '';
  if (!country || NORTH_AMERICA.has(country)) {
    const byPostal = l.postal_code ? zoneOfPostalCode(l.postal_code) : null;
    if (byPostal) return one(byPostal, 'postal_code', country || undefined);
    const byRegion = l.region ? zoneOfRegion(l.region) : null;
    if (byRegion) return one(byRegion, 'region', country || undefined);
  }
  const ofCountry = country ? zonesOfCountry(country) : [];
  if (ofCountry.length === 1) return one(ofCountry[0], 'country', country);
  const phones = [l.phone_e164, l.mobile_e164].filter((p): p is string => Boolean(p));
  if (!country || NORTH_AMERICA.has(country)) {
    for (const phone of phones) {
      const byArea = zoneOfPhone(phone);
      if (byArea) return one(byArea, 'phone', country || undefined);
    }
  }
  if (ofCountry.length) return { zone: ofCountry[0], zones: ofCountry, from: 'country', country };
  for (const phone of phones) {
    const code = countryOfPhone(phone);
    const zones = code ? zonesOfCountry(code) : [];
    if (zones.length) return { zone: zones[0], zones, from: 'phone_country', country: code! };
  }
  return one(userZone, 'user');
}

function one(zone: string, from: ZoneSource, country?: string): LeadZone {
  return country ? { zone, zones: [zone], from, country } : { zone, zones: [zone], from };
}

let userZone: { tz: string | undefined; zone: string } | undefined;

/** The zone of this process (the user's own: `TZ`, else the system's); worked out again only when `TZ` changes. */
export function defaultUserZone(): string {
  const tz = process.env.TZ;
  if (userZone?.tz !== tz || !userZone) userZone = { tz, zone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  return userZone.zone;
}

export interface WallClock {
  hour: number;
  minute: number;
  /** `HH:mm` and the zone's short name */
  text: string;
  /** minutes ahead of UTC */
  offset: number;
}

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock time in a zone: hour and minute, `HH:mm` with the zone's short name, and its offset. */
export function localTimeIn(zone: string, at: Date): WallClock {
  let f = FORMATS.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
    });
    FORMATS.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hour, minute);
  const offset = Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  return { hour, minute, offset, text: `${String(hour).padStart(2, '0')}:${parts.minute} ${parts.timeZoneName ?? ''}`.trim() };
}

/** The lead's clock now: each of its zones' wall clocks, and whether calling hours hold in every one. */
export interface LeadClock {
  /** the first zone's clock (the only one, or the westernmost of a country) */
  hour: number;
  minute: number;
  /** `09:35 GMT+1`, or for a country of several zones its earliest and latest clock: `06:35 GMT+8 to 09:05 GMT+10:30` */
  text: string;
  /** calling hours hold in every zone the lead may be in */
  within: boolean;
}

/**
 * The lead's clock from its zones' clocks (`clockOf` reads one zone: the queue reads each
 * zone once for all its leads).
 */
export function leadClock(z: LeadZone, clockOf: (zone: string) => WallClock): LeadClock {
  const clocks = z.zones.map(clockOf);
  const first = clocks[0];
  let west = first;
  let east = first;
  for (const c of clocks) {
    if (c.offset < west.offset) west = c;
    if (c.offset > east.offset) east = c;
  }
  const text = west.offset === east.offset ? first.text : `${west.text} to ${east.text}`;
  return { hour: first.hour, minute: first.minute, text, within: clocks.every((c) => withinCallingHours(c.hour)) };
}

/** Calling hours, the lead's own clock: from 8:00 until 21:00. */
export const CALL_FROM_HOUR = 8;
export const CALL_UNTIL_HOUR = 21;

export function withinCallingHours(hour: number): boolean {
  return hour >= CALL_FROM_HOUR && hour < CALL_UNTIL_HOUR;
}
