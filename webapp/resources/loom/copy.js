/* Copy buttons: <button type="button" data-copy-target="id of the element whose text to copy">. Loaded as a file
   (the page's Content-Security-Policy runs no inline script without its nonce) and bound to the document, so
   buttons that an ajax update brings in work too. */
(function () {
  "use strict";

  function copied(button, text) {
    var note = button.parentNode.querySelector(".loom-copy-done");
    if (note) {
      note.textContent = text;
    }
  }

  function fallbackCopy(source) {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy-target]") : null;
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source) {
      return;
    }
    var text = source.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        copied(button, "Copied.");
      }, function () {
        copied(button, fallbackCopy(source) ? "Copied." : "Select the key and copy it.");
      });
    } else {
      copied(button, fallbackCopy(source) ? "Copied." : "Select the key and copy it.");
    }
  });
})();
