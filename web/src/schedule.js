// Carousel entry schedules as the editor holds them: `days` is the list of days
// the entry may show (all seven meaning no restriction), `start` and `end` are
// "HH:MM" or both empty. Turned into the optional wire keys only when they restrict.

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const NAMES = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' }

/** The editor's form of an entry's schedule, from the server's entry. */
export function fromWire(entry) {
  const days = Array.isArray(entry?.days) ? DAYS.filter((d) => entry.days.includes(d)) : [...DAYS]
  return { days, start: entry?.start ?? '', end: entry?.end ?? '' }
}

/** The keys to send: none for a schedule that allows every day and hour. */
export function toWire(schedule) {
  const keys = {}
  if (schedule.days.length < DAYS.length) keys.days = DAYS.filter((d) => schedule.days.includes(d))
  if (schedule.start && schedule.end) {
    keys.start = schedule.start
    keys.end = schedule.end
  }
  return keys
}

/** What is wrong with a schedule, or '' when it can be sent. */
export function problem(schedule) {
  if (!schedule.days.length) return 'Pick at least one day'
  if (Boolean(schedule.start) !== Boolean(schedule.end)) return 'Give both times, or neither'
  if (schedule.start && schedule.start === schedule.end) return 'From and until must differ'
  return ''
}

/** "Mon–Fri · 06:30–09:00", or '' for an entry that always shows. */
export function describe(schedule) {
  const parts = []
  if (schedule.days.length < DAYS.length) parts.push(dayRanges(schedule.days))
  if (schedule.start && schedule.end) parts.push(`${schedule.start}–${schedule.end}`)
  return parts.join(' · ')
}

function dayRanges(days) {
  const runs = []
  for (const [i, day] of DAYS.entries()) {
    if (!days.includes(day)) continue
    const last = runs.at(-1)
    if (last && last.to === i - 1) last.to = i
    else runs.push({ from: i, to: i })
  }
  return runs
    .map(({ from, to }) => {
      if (from === to) return NAMES[DAYS[from]]
      const joiner = to === from + 1 ? ', ' : '–'
      return `${NAMES[DAYS[from]]}${joiner}${NAMES[DAYS[to]]}`
    })
    .join(', ')
}
