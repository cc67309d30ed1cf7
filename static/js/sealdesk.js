/* Small progressive enhancements for the agent UI. Everything works without them. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  /* Selects marked data-autosubmit submit their form on change (the language switcher). */
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) {
      select.form.requestSubmit();
    }
  });

  /* The canned-reply picker inserts the chosen text at the cursor of the reply box. */
  document.addEventListener("change", function (event) {
    var picker = event.target.closest("select[data-insert-into]");
    if (!picker || !picker.value) {
      return;
    }
    var option = picker.options[picker.selectedIndex];
    var box = document.getElementById(picker.dataset.insertInto);
    if (box && option) {
      var start = box.selectionStart || 0;
      var end = box.selectionEnd || 0;
      var text = option.dataset.body || "";
      box.value = box.value.slice(0, start) + text + box.value.slice(end);
      box.focus();
      box.selectionStart = box.selectionEnd = start + text.length;
    }
    picker.value = "";
  });

  /* Close the user menu when clicking elsewhere. */
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.removeAttribute("open");
      }
    });
  });
})();
