/**
 * After a navigation: the new page shows from its top, as after a page load, and the focus moves to its
 * <main> once the browser has painted it, so that keyboard and screen reader users start at its heading.
 *
 * Chromium lays the whole page out for any `focus()` (it reports the focused element's bounds to the
 * browser), and a plain `focus()` also scrolls <main> to the top of the window, hiding the header, after
 * which the browser hit-tests the pointer again in a task of its own. Inside the render that was 2–3 ms
 * between the reads' answers and the first paint of a case page (`npm run bench -- web-case-page`).
 * After the paint the layout is done and the focus costs next to nothing. Scrolling to (0, 0) needs no
 * layout (it is never clamped).
 *
 * Returns the cleanup: a next navigation before the paint cancels the focus move. A focus the person
 * has moved meanwhile (a Tab in that frame) is left where it is.
 */
export function moveToPage(main: HTMLElement | null): () => void {
  window.scrollTo(0, 0);
  const before = document.activeElement;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // requestAnimationFrame runs before the frame's layout and paint; a task posted from it runs after.
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(() => {
      const now = document.activeElement;
      if (now === before || now === null || now === document.body) main?.focus({ preventScroll: true });
    }, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
