// "Copy citation" beside "how to cite this page": shown only when this
// script runs, copies the citation's text and says so to screen readers.
(function () {
  document.querySelectorAll(".cite-copy").forEach(function (button) {
    var box = button.closest(".cite-box");
    var source = box && box.querySelector(button.getAttribute("data-copy-from"));
    var status = box && box.querySelector(".cite-copy__status");
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.innerText.trim()).then(
        function () { if (status) status.textContent = "Citation copied"; },
        function () { if (status) status.textContent = "Could not copy: select the citation and copy it"; }
      );
    });
  });
})();
