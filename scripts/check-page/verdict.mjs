// What the checks of one page found: each failure, and how many checks ran. check-page.mjs
// checks one page per process, so these are the page's.
export const failures = [];
export const counted = { checks: 0 };

export function fail(message) {
  failures.push(message);
}

/** One check, counted: a failure saying `message` unless `ok`. */
export function check(ok, message) {
  counted.checks += 1;
  if (!ok) fail(message);
}
