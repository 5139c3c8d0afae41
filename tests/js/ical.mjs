// Reads an iCalendar text on stdin the way ical.js (Thunderbird, many web calendars) reads it and
// prints JSON: the calendar's METHOD and, for each VEVENT, its fields and its occurrences between
// argv[2] and argv[3] (ISO dates), each as the local wall time with its UTC offset in seconds and
// as UTC. Repeating events are expanded with their RRULE, RDATE and EXDATE. Used by tests/interop.py.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const [from, to] = process.argv.slice(2);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const rangeStart = ICAL.Time.fromDateString(from);
const rangeEnd = ICAL.Time.fromDateString(to);

function when(time) {
  return { local: time.toString(), offset: time.utcOffset(), utc: time.toJSDate().toISOString() };
}

const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const occurrences = [];
  if (event.isRecurring()) {
    const iterator = event.iterator();
    for (let next = iterator.next(); next && next.compare(rangeEnd) < 0; next = iterator.next()) {
      if (next.compare(rangeStart) >= 0) {
        const details = event.getOccurrenceDetails(next);
        occurrences.push({ start: when(details.startDate), end: when(details.endDate) });
      }
    }
  } else {
    occurrences.push({ start: when(event.startDate), end: event.endDate ? when(event.endDate) : null });
  }
  return {
    uid: event.uid,
    summary: event.summary,
    location: event.location,
    description: event.description,
    status: component.getFirstPropertyValue("status"),
    sequence: event.sequence,
    organizer: component.getFirstPropertyValue("organizer"),
    attendees: component.getAllProperties("attendee").map((attendee) => attendee.getFirstValue()),
    recurring: event.isRecurring(),
    occurrences,
  };
});
process.stdout.write(JSON.stringify({ method: calendar.getFirstPropertyValue("method"), events }));
