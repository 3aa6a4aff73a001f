/*
 * The page side of the extension, injected on request next to anchor.js.
 * It only acts on messages from the extension: highlight a scorecard's
 * findings, clear them, or scroll one into view.
 */
(() => {
  "use strict";
  if (globalThis.__reliabilityContent) return; // injected again on a second scoring
  globalThis.__reliabilityContent = true;

  const ext = globalThis.chrome || globalThis.browser;
  const anchor = globalThis.ReliabilityAnchor;

  function reveal(id) {
    const mark = anchor.markFor(document.body, id);
    if (!mark) return false;
    mark.scrollIntoView({ block: "center", behavior: "smooth" });
    mark.focus({ preventScroll: true });
    const marks = document.querySelectorAll(`mark[${anchor.MARK_ATTR}="${mark.getAttribute(anchor.MARK_ATTR)}"]`);
    for (const m of marks) {
      m.classList.remove("reliability-mark--flash");
      void m.offsetWidth; // restart the animation
      m.classList.add("reliability-mark--flash");
      m.addEventListener("animationend", () => m.classList.remove("reliability-mark--flash"), { once: true });
    }
    return true;
  }

  ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (!msg || sender.id !== ext.runtime.id) return false;
    if (msg.type === "highlight") {
      anchor.clear(document.body);
      const result = anchor.highlight(document.body, msg.findings || []);
      sendResponse({ found: result.found.map((e) => e.id), missing: result.missing.map((e) => e.id) });
    } else if (msg.type === "clear") {
      sendResponse({ removed: anchor.clear(document.body) });
    } else if (msg.type === "reveal") {
      sendResponse({ revealed: reveal(msg.id) });
    } else {
      return false;
    }
    return false;
  });
})();
