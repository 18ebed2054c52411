// Read an iCalendar file the way Thunderbird's calendar does (Mozilla's ical.js)
// and print the METHOD and each VEVENT's UID, SEQUENCE, STATUS, DTSTART and DTEND
// (as UTC instants), as JSON.
//
//   node instants.mjs invite.ics      or      node instants.mjs < invite.ics
//
// Every VTIMEZONE in the file is registered with ICAL.TimezoneService first, so a
// TZID is resolved by the file's own VTIMEZONE, never by the machine's zone. A
// date-time that ends up floating (a TZID without a VTIMEZONE) is an error: ical.js
// would read it in the local time of whoever opens the invite.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function instant(event, name) {
  const prop = event.component.getFirstProperty(name);
  if (!prop) {
    return null;
  }
  const time = prop.getFirstValue();
  const zone = time.zone;
  if (!zone || zone === ICAL.Timezone.localTimezone) {
    throw new Error(`${name} ${prop.toICALString()} is floating: its TZID has no VTIMEZONE`);
  }
  return {
    utc: new Date(time.toUnixTime() * 1000).toISOString(),
    tzid: prop.getParameter("tzid") ?? null,
    zone: zone.tzid,
  };
}

const text = readFileSync(process.argv[2] ?? 0, "utf8");
const vcalendar = new ICAL.Component(ICAL.parse(text));

ICAL.TimezoneService.reset();
const timezones = vcalendar.getAllSubcomponents("vtimezone").map((vtimezone) => {
  const zone = new ICAL.Timezone(vtimezone);
  ICAL.TimezoneService.register(zone);
  return zone.tzid;
});

const events = vcalendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue("status"),
    dtstart: instant(event, "dtstart"),
    dtend: instant(event, "dtend"),
  };
});

const method = vcalendar.getFirstPropertyValue("method");
process.stdout.write(JSON.stringify({ method, timezones, events }, null, 2) + "\n");
