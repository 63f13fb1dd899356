// An enhancement: the whole cited span an address names (#c-start-end) is highlighted,
// not its first piece alone. Without JavaScript the first piece is, by CSS.
(function () {
  function show() {
    var found = /^#c-(\d+)-(\d+)$/.exec(window.location.hash);
    document.querySelectorAll("mark.target").forEach(function (mark) {
      mark.classList.remove("target");
    });
    if (!found) return;
    var start = Number(found[1]), end = Number(found[2]);
    document.querySelectorAll("mark[data-start]").forEach(function (mark) {
      var at = Number(mark.dataset.start);
      if (at >= start && at < end) mark.classList.add("target");
    });
  }
  window.addEventListener("hashchange", show);
  show();
})();
