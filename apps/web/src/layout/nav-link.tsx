import { NavLink as RouterNavLink, type NavLinkProps } from 'react-router';

const noStateClass = (): undefined => undefined;

/**
 * The workspace's navigation link: react-router's NavLink without its state classes. The current entry is
 * marked by `aria-current` (styles.css). The "pending" class NavLink sets while a page's reads are under way
 * changed the document at the click; that started the browser's frame clock, and the new page's paint then
 * waited for its next tick, 0–16 ms (`npm run bench -- web-case-page`: the frame after the content, median
 * 1–4 ms before, 0 ms since). eslint keeps react-router's own NavLink out of the app.
 */
export function NavLink(props: Omit<NavLinkProps, 'className' | 'style'>) {
  return <RouterNavLink {...props} className={noStateClass} />;
}
