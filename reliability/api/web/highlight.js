// Marking spans of a text in the DOM.
//
// A scorecard's offsets count Unicode code points (Python string indices);
// JavaScript strings count UTF-16 code units, where a character outside the
// Basic Multilingual Plane (most emoji, some CJK) takes two. Every offset goes
// through `codeUnitOffsets` before it touches a JavaScript string.

/**
 * For each code point offset 0..n of `text`, the matching UTF-16 offset.
 * A lone surrogate counts as one code point, as it does in Python.
 * @param {string} text
 * @returns {Uint32Array}
 */
export function codeUnitOffsets(text) {
  const out = new Uint32Array(text.length + 1);
  let points = 0;
  let i = 0;
  while (i < text.length) {
    out[points++] = i;
    const unit = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    const pair = unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    i += pair ? 2 : 1;
  }
  out[points] = i;
  return out.subarray(0, points + 1);
}

/**
 * Convert a span's code point offsets to UTF-16 offsets, or null when the span
 * does not fit the text (a scorecard for some other text).
 * @param {Uint32Array} offsets from `codeUnitOffsets`
 * @param {{start: number, end: number}} span
 */
export function toCodeUnits(offsets, span) {
  const last = offsets.length - 1;
  if (!(span.start >= 0 && span.start <= span.end && span.end <= last)) return null;
  return { start: offsets[span.start], end: offsets[span.end] };
}

/**
 * Write `text` into `container` with every range wrapped in <mark> elements.
 *
 * Ranges may nest and overlap in any way: a range inside another becomes a
 * nested mark, and a range crossing another's end is split into pieces, so
 * every range stays visible. The first piece of each range is focusable and
 * carries `id`; later pieces carry `data-part="rest"`. Every piece carries
 * `data-span`, so the pieces of a range together hold exactly its text.
 *
 * @param {HTMLElement} container emptied first
 * @param {string} text
 * @param {Array<{key: string, start: number, end: number, decorate: (mark: HTMLElement, first: boolean) => void}>} ranges
 *   UTF-16 offsets; `decorate` sets classes and attributes on each piece
 * @returns {Map<string, HTMLElement>} the first piece of each range, by key
 */
export function renderMarked(container, text, ranges) {
  container.replaceChildren();
  // Outer ranges first: earlier start, then longer. Empty ranges have nothing to show.
  const order = ranges
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const rank = new Map(order.map((r, i) => [r, i]));
  const cuts = new Set([0, text.length]);
  for (const r of order) {
    cuts.add(r.start);
    cuts.add(r.end);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const first = new Map();
  const stack = []; // [{range, element}], outermost first
  let active = []; // ranges covering the current segment, in `order`
  let next = 0; // index in `order` of the next range to start

  for (let b = 0; b + 1 < bounds.length; b++) {
    const [from, to] = [bounds[b], bounds[b + 1]];
    active = active.filter((r) => r.end > from);
    while (next < order.length && order[next].start === from) active.push(order[next++]);
    active.sort((x, y) => rank.get(x) - rank.get(y));

    let keep = 0;
    while (keep < stack.length && keep < active.length && stack[keep].range === active[keep]) keep++;
    stack.length = keep;
    for (let i = keep; i < active.length; i++) {
      const range = active[i];
      const mark = document.createElement("mark");
      mark.dataset.span = range.key;
      mark.dataset.depth = String(i);
      const isFirst = !first.has(range.key);
      if (isFirst) first.set(range.key, mark);
      else mark.dataset.part = "rest";
      range.decorate(mark, isFirst);
      (stack.length ? stack[stack.length - 1].element : container).append(mark);
      stack.push({ range, element: mark });
    }
    const parent = stack.length ? stack[stack.length - 1].element : container;
    parent.append(document.createTextNode(text.slice(from, to)));
  }
  return first;
}
