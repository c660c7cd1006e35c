/**
 * NavLink's state classes off: the current entry is marked by `aria-current` (styles.css), and the
 * "pending" class NavLink sets while a page's reads are under way changed the document at the click. That
 * started the browser's frame clock, and the new page's paint then waited for its next tick, 0–16 ms
 * (`npm run bench -- web-case-page`: the frame after the content, median 1–4 ms before, 0 ms since).
 */
export const noStateClass = (): undefined => undefined;
