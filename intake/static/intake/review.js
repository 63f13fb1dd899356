// The review screen, enhanced: the words an editor selects in the article become a
// proposal's excerpt. Offsets are code points, as the server counts them.
"use strict";

function offsetIn(article, node, offset) {
  let element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  while (element && element !== article && !element.dataset.start) {
    element = element.parentElement;
  }
  if (!element || element === article) return null;
  const range = document.createRange();
  range.setStart(element, 0);
  range.setEnd(node, offset);
  return Number(element.dataset.start) + Array.from(range.toString()).length;
}

document.addEventListener("DOMContentLoaded", () => {
  const article = document.getElementById("article");
  if (!article) return;
  document.querySelectorAll(".use-selection").forEach((button) => {
    button.addEventListener("click", () => {
      const selection = window.getSelection();
      if (!selection.rangeCount || selection.isCollapsed) {
        button.textContent = "select words in the text first";
        return;
      }
      const range = selection.getRangeAt(0);
      if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) {
        button.textContent = "select words in the article";
        return;
      }
      const start = offsetIn(article, range.startContainer, range.startOffset);
      const end = offsetIn(article, range.endContainer, range.endOffset);
      if (start === null || end === null || end <= start) return;
      const id = button.dataset.for;
      document.getElementById(`id_p${id}-start`).value = start;
      document.getElementById(`id_p${id}-end`).value = end;
      document.querySelector(`.excerpt[data-for="${id}"]`).textContent = selection.toString();
      button.textContent = `excerpt set: ${end - start} characters`;
    });
  });
});
