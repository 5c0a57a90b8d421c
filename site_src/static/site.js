// Small progressive enhancements; every page reads fully without this file.
(function () {
  "use strict";
  // A citation's permanent address is root-relative when the build knew no base_url: show it in full.
  document.querySelectorAll("a.cite-url").forEach(function (link) {
    if (link.textContent.charAt(0) === "/") { link.textContent = link.href; }
  });
  // An embed code built without base_url holds root-relative addresses, which break once pasted on another
  // site: complete them with this page's own origin, and drop the note that asks the reader to do it.
  document.querySelectorAll("code[data-relative]").forEach(function (code) {
    code.textContent = code.textContent.replace(/(href|src)="\//g, "$1=\"" + location.origin + "/");
    var note = code.parentNode.parentNode.querySelector(".embed-relative");
    if (note) { note.hidden = true; }
  });
  // "Salin kutipan": copy the citation text; without JavaScript the text is simply selectable.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-done") || "Kutipan disalin";
      }, function () {
        button.textContent = "Gagal menyalin: pilih teksnya dan salin manual";
      });
    });
  });
  // Share links carry the page's full address: the build may only know its root-relative path.
  document.querySelectorAll("a.share-wa[data-text]").forEach(function (link) {
    link.href = "https://wa.me/?text=" + encodeURIComponent(link.getAttribute("data-text") + " " + location.href.split("#")[0]);
  });
  // "Salin tautan": copy the page's address; without JavaScript it is a link to long-press and copy.
  document.querySelectorAll("a.share-copy").forEach(function (link) {
    if (!navigator.clipboard) { return; }
    var hint = link.parentNode.querySelector(".share-hint");
    if (hint) { hint.hidden = true; }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(function () {
        link.textContent = "Tautan disalin";
      }, function () {
        link.textContent = "Gagal menyalin: tekan lama tautan ini";
      });
    });
  });
  // Days until the next Hari Antikorupsi Sedunia, counted in the reader's browser.
  // The build knows no clock, so a page built long ago is corrected here to the real next 9 December.
  document.querySelectorAll("time.countdown[data-date]").forEach(function (el) {
    var now = new Date();
    var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    var target = new Date(today.getFullYear(), 11, 9);
    if (target < today) { target = new Date(today.getFullYear() + 1, 11, 9); }
    var days = Math.round((target - today) / 86400000);
    el.textContent = target.toLocaleDateString("id-ID", { day: "numeric", month: "long", year: "numeric" });
    el.setAttribute("datetime", target.getFullYear() + "-12-09");
    el.insertAdjacentText("afterend", days === 0 ? " (hari ini)" : " (" + days + " hari lagi)");
  });
})();
