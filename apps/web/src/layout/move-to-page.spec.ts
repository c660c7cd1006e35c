import { moveToPage } from './move-to-page';

/** Resolves after the next animation frame and the task posted from it. */
const afterPaint = (): Promise<void> =>
  new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => setTimeout(resolve, 0), 0)));

describe('moveToPage', () => {
  let main: HTMLElement;
  let scrollTo: jest.SpyInstance;
  beforeEach(() => {
    document.body.innerHTML =
      '<a href="/cases">Meine Fälle</a><main tabindex="-1"><h1>Fall</h1></main><button>Weiter</button>';
    main = document.querySelector('main')!;
    scrollTo = jest.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });
  afterEach(() => scrollTo.mockRestore());

  it('shows the page from the top at once and moves the focus to <main> after the next frame', async () => {
    moveToPage(main);
    expect(scrollTo).toHaveBeenCalledWith(0, 0);
    expect(document.activeElement).toBe(document.body);
    await afterPaint();
    expect(document.activeElement).toBe(main);
  });

  it('moves the focus from the link that navigated, if it is still there', async () => {
    document.querySelector('a')!.focus();
    moveToPage(main);
    await afterPaint();
    expect(document.activeElement).toBe(main);
  });

  it('leaves a focus the person moved meanwhile where it is', async () => {
    moveToPage(main);
    document.querySelector('button')!.focus();
    await afterPaint();
    expect(document.activeElement).toBe(document.querySelector('button'));
  });

  it('does nothing once cleaned up (a next navigation before the frame)', async () => {
    const cleanup = moveToPage(main);
    cleanup();
    await afterPaint();
    expect(document.activeElement).toBe(document.body);
  });
});
