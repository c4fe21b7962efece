// Captcha: on a form that sends files, check the answer with the server before sending (POST
// /captcha/periksa), so a wrong answer keeps the files chosen: the image is replaced by a new one and the
// message stands beside the field. Without this script the form still works; the server checks the answer.
(function () {
  "use strict";
  var MSG = "Kode tidak sesuai. Ketik kode pada gambar yang baru.";
  document.querySelectorAll("form").forEach(function (form) {
    var idInput = form.querySelector('input[name="captcha_id"]');
    var answer = form.querySelector('input[name="captcha"]');
    if (!idInput || !answer || !window.fetch || !form.requestSubmit) { return; }
    var checked = false;
    form.addEventListener("submit", function (ev) {
      var submitter = ev.submitter;
      var hasFiles = Array.prototype.some.call(form.querySelectorAll('input[type="file"]'), function (f) { return f.files && f.files.length > 0; });
      if (checked || !hasFiles || (submitter && submitter.formNoValidate)) { return; }
      ev.preventDefault();
      var body = new URLSearchParams();
      body.set("captcha_id", idInput.value);
      body.set("captcha", answer.value);
      fetch("/captcha/periksa", { method: "POST", body: body, credentials: "same-origin" }).then(function (res) {
        if (res.status === 204) {
          checked = true;
          form.requestSubmit(submitter || undefined);
          return;
        }
        if (res.status !== 422) { checked = true; form.requestSubmit(submitter || undefined); return; }
        return res.text().then(function (id) {
          idInput.value = id;
          var img = form.querySelector("img.captcha");
          if (img) { img.src = "/captcha/" + id + ".png"; img.dataset.captchaId = id; }
          var audio = form.querySelector('a[href$=".wav"]');
          if (audio) { audio.href = "/captcha/" + id + ".wav"; }
          var err = document.getElementById("captcha-error");
          if (!err) {
            err = document.createElement("p");
            err.className = "error-message";
            err.id = "captcha-error";
            err.setAttribute("data-testid", "error-captcha");
            answer.parentNode.insertBefore(err, img || answer);
          }
          err.textContent = MSG;
          answer.parentNode.classList.add("field-error");
          answer.setAttribute("aria-invalid", "true");
          answer.setAttribute("aria-describedby", "captcha-hint captcha-error");
          answer.value = "";
          answer.focus();
        });
      }).catch(function () { checked = true; form.requestSubmit(submitter || undefined); });
    });
  });
})();
