// perfdoc web: small progressive enhancements; every page also works without JavaScript.
(function () {
  "use strict";

  function sizeText(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

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

  // Show the chosen file's name and size next to the Chinese "选择文件" button; refuse a file
  // over the limit before sending it (the server checks again).
  document.querySelectorAll(".file-pick").forEach(function (pick) {
    var input = pick.querySelector("input[type=file]");
    var label = pick.querySelector(".file-name");
    var max = parseFloat(input.getAttribute("data-max-mb"));
    input.addEventListener("change", function () {
      var f = input.files && input.files[0];
      pick.classList.remove("file-too-big");
      if (f && max && f.size > max * 1024 * 1024) {
        label.textContent = "“" + f.name + "”超过 " + max + " MB 的上限，请压缩或拆分后再上传";
        pick.classList.add("file-too-big");
        input.value = "";
        f = null;
      } else {
        label.textContent = f ? f.name + "（" + sizeText(f.size) + "）" : label.getAttribute("data-empty");
      }
      pick.classList.toggle("has-file", !!f);
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

  // The render form: with JavaScript, send it to the JSON API so the page can say what was
  // generated (and show an error in place); without, the form posts to /render as usual.
  function fileNameFrom(disposition) {
    var m = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    if (m) { try { return decodeURIComponent(m[1]); } catch (e) { /* fall through */ } }
    m = /filename="([^"]+)"/i.exec(disposition || "");
    return m ? m[1] : "perfdoc-download";
  }
  document.querySelectorAll("form[data-download]").forEach(function (form) {
    if (!window.fetch || !window.FormData) return;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var status = form.querySelector(".status");
      var done = document.getElementById("render-done");
      var box = document.getElementById("error-box");
      var btn = form.querySelector("button[type=submit]");
      var kind = (form.querySelector("input[name=kind]:checked") || {}).value || "statement";
      if (box) box.remove();
      if (done) done.hidden = true;
      status.textContent = "正在生成，请稍候……";
      btn.disabled = true;
      fetch("/api/render/" + encodeURIComponent(kind), { method: "POST", body: new FormData(form) })
        .then(function (r) {
          if (!r.ok) {
            return r.json().then(function (j) { throw new Error(j.error || ("请求失败（" + r.status + "）")); },
                                 function () { throw new Error("请求失败（" + r.status + "）"); });
          }
          var name = fileNameFrom(r.headers.get("Content-Disposition"));
          return r.blob().then(function (blob) { return { name: name, blob: blob }; });
        })
        .then(function (res) {
          var url = URL.createObjectURL(res.blob);
          var a = document.createElement("a");
          a.href = url; a.download = res.name; a.textContent = res.name;
          document.body.appendChild(a); a.click(); a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
          status.textContent = "";
          if (done) {
            done.querySelector(".done-name").textContent = res.name;
            done.querySelector(".done-size").textContent = sizeText(res.blob.size);
            done.hidden = false;
          }
        })
        .catch(function (err) {
          status.textContent = "";
          var div = document.createElement("div");
          div.className = "alert alert-error"; div.id = "error-box"; div.setAttribute("role", "alert");
          var strong = document.createElement("strong"); strong.textContent = "未能完成：";
          div.appendChild(strong); div.appendChild(document.createTextNode(err.message));
          form.parentNode.insertBefore(div, form);
        })
        .then(function () { btn.disabled = false; });
    });
  });
})();
