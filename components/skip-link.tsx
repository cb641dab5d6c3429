// The first stop of the Tab key on every page: past the header and the navigation, straight to the page's content.
export const MAIN_ID = "main";

export function SkipLink() {
  return (
    <a
      href={`#${MAIN_ID}`}
      // not-sr-only resets padding and wrapping, so they are given again for the focused state.
      className="sr-only rounded-md bg-slate-900 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:px-3 focus:py-2 focus:whitespace-nowrap"
    >
      跳到主要内容
    </a>
  );
}
