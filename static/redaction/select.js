/* Turn a text selection inside a redaction source into start:end offsets of the stored text.
   Plain segments carry their offsets; a selection ending inside a suggested (maybe masked) span
   snaps to that span's edge, so masked text never has to be shown to be redacted. */
(function () {
  "use strict";

  function offset(node, within, atEnd) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    var seg = el && el.closest("[data-start]");
    if (!seg) { return null; }
    var start = parseInt(seg.dataset.start, 10);
    if (seg.hasAttribute("data-plain") && node.nodeType === 3) { return start + within; }
    return atEnd ? parseInt(seg.dataset.end, 10) : start;
  }

  function update() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) { return; }
    var range = sel.getRangeAt(0);
    var el = range.commonAncestorContainer;
    el = el.nodeType === 1 ? el : el.parentElement;
    var source = el && el.closest("[data-redact-source]");
    if (!source) { return; }
    var form = source.closest("form");
    var a = offset(range.startContainer, range.startOffset, false);
    var b = offset(range.endContainer, range.endOffset, true);
    if (a === null || b === null || b <= a) { return; }
    form.querySelector("[data-redact-selection]").value = a + ":" + b;
    var readout = form.querySelector("[data-redact-readout]");
    readout.textContent = (b - a) + " " + readout.dataset.label + " (" + a + "–" + b + ")";
  }

  document.addEventListener("mouseup", update);
  document.addEventListener("keyup", update);
})();
