// perfdoc web: small progressive enhancements; every page also works without JavaScript.
(function () {
  "use strict";

  // A Tab key in the indicator box inserts a tab (name<Tab>value), as when pasting from Excel.
  document.querySelectorAll("textarea[data-allow-tab]").forEach(function (ta) {
    ta.addEventListener("keydown", function (ev) {
      if (ev.key !== "Tab" || ev.shiftKey) return;
      ev.preventDefault();
      var s = ta.selectionStart, e = ta.selectionEnd;
      ta.value = ta.value.slice(0, s) + "\t" + ta.value.slice(e);
      ta.selectionStart = ta.selectionEnd = s + 1;
    });
  });

  // Refuse a file over the limit before sending it (the server checks again).
  document.querySelectorAll("input[type=file][data-max-mb]").forEach(function (input) {
    input.addEventListener("change", function () {
      var f = input.files && input.files[0];
      var max = parseFloat(input.getAttribute("data-max-mb"));
      input.setCustomValidity("");
      if (f && max && f.size > max * 1024 * 1024) {
        input.setCustomValidity("文件超过 " + max + " MB 的上限，请压缩或拆分后再上传");
        input.reportValidity();
      }
    });
  });

  // Forms that navigate to a result page: show that work is in progress.
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var btn = form.querySelector("button[type=submit]");
      if (btn) { btn.setAttribute("data-label", btn.textContent); btn.disabled = true; btn.textContent = "正在处理，请稍候…"; }
    });
  });

  // Coming back with the browser's Back button restores the page as it was left: re-enable.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy] button[type=submit]").forEach(function (btn) {
      if (btn.disabled) { btn.disabled = false; btn.textContent = btn.getAttribute("data-label") || btn.textContent; }
    });
  });

  // The render form answers with a download (the page stays): say so, then clear the message.
  document.querySelectorAll("form[data-download]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector(".status");
      if (!status) return;
      status.textContent = "正在生成，完成后浏览器会自动下载……";
      setTimeout(function () { status.textContent = ""; }, 15000);
    });
  });
})();
