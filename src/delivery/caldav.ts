// Follow-ups on the user's CalDAV calendar (tsdav for WebDAV's XML): each event is one
// resource named after its UID, so putting it again replaces it: a second delivery updates
// the event, never makes a second one.
import { getBasicAuthHeaders, propfind, updateCalendarObject } from 'tsdav';
import { fetchTrusting } from './http.js';

export class CalendarError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface Calendar {
  /** its display name, or its URL */
  name: string;
  /** puts the event; true when it was new, false when it replaced the one of the same UID */
  put(uid: string, ics: string): Promise<boolean>;
}

/** The event's resource in the collection: the UID, made safe for a path. */
export const eventUrl = (collection: string, uid: string) =>
  new URL(`${encodeURIComponent(uid.replace(/[^A-Za-z0-9@._-]+/g, '-'))}.ics`, collection.endsWith('/') ? collection : `${collection}/`).href;

/** Logs in and checks that the URL is a calendar; the checks `leads doctor` makes too. */
export async function openCalendar(url: string, user: string, password: string, ca: string[] | undefined): Promise<Calendar> {
  const fetch = fetchTrusting(ca);
  const headers = getBasicAuthHeaders({ username: user, password });
  let found;
  try {
    found = await propfind({ url, props: { 'd:resourcetype': {}, 'd:displayname': {} }, depth: '0', headers, fetch });
  } catch (e) {
    throw new CalendarError((e as Error).message, undefined, (e as NodeJS.ErrnoException).code);
  }
  const r = found[0];
  if (!r || !r.ok) throw new CalendarError(r ? `${r.status} ${r.statusText ?? ''}`.trim() : 'no answer', r?.status);
  if (!Object.keys(r.props?.resourcetype ?? {}).includes('calendar')) throw new CalendarError('it is a folder, not a calendar', 404);
  const name = typeof r.props?.displayname === 'string' && r.props.displayname ? r.props.displayname : url;
  return {
    name,
    put: async (uid, ics) => {
      let res: Response;
      try {
        res = await updateCalendarObject({ calendarObject: { url: eventUrl(url, uid), data: ics }, headers, fetch });
      } catch (e) {
        throw new CalendarError((e as Error).message, undefined, (e as NodeJS.ErrnoException).code);
      }
      if (!res.ok) throw new CalendarError(`${res.status} ${res.statusText}`.trim(), res.status);
      return res.status === 201;
    },
  };
}
