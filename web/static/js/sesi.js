// Peringatan sesi: sebelum sesi berakhir karena tidak ada aktivitas, halaman memberi tahu dan menawarkan
// "Tetap Masuk", sehingga isian formulir yang belum dikirim tidak hilang. Mengetik di formulir juga
// memperpanjang sesi. Tanpa JavaScript halaman tetap berfungsi: formulir yang dikirim setelah sesi berakhir
// mendapat halaman yang menampilkan kembali isiannya.
(function () {
  "use strict";
  var box = document.getElementById("sesi-peringatan");
  if (!box || !window.fetch) { return; }
  var idle = parseInt(box.getAttribute("data-idle"), 10) || 1800;
  var lead = parseInt(box.getAttribute("data-peringatan"), 10) || 120;
  // The server writes the last-seen time at most once a minute: count from a minute earlier than now.
  var end, warnTimer, endTimer, tick, lastPing = Date.now();
  var count = document.getElementById("sesi-sisa");
  var stay = document.getElementById("sesi-tetap");
  var over = document.getElementById("sesi-habis");

  function schedule() {
    end = Date.now() + (idle - 60) * 1000;
    clearTimeout(warnTimer); clearTimeout(endTimer); clearInterval(tick);
    warnTimer = setTimeout(warn, Math.max(0, end - lead * 1000 - Date.now()));
    endTimer = setTimeout(expire, Math.max(0, end - Date.now()));
  }
  function show(expired) {
    box.hidden = false;
    box.querySelector(".sesi-aktif").hidden = expired;
    over.hidden = !expired;
    (expired ? over : stay).focus();
  }
  function warn() {
    show(false);
    var update = function () {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      count.textContent = Math.floor(s / 60) + " menit " + (s % 60) + " detik";
    };
    update();
    tick = setInterval(update, 1000);
  }
  function expire() { clearInterval(tick); show(true); }
  function ping(thenHide) {
    lastPing = Date.now();
    return fetch("/sesi/perpanjang", { method: "POST", credentials: "same-origin" }).then(function (r) {
      if (r.ok) {
        schedule();
        if (thenHide) { box.hidden = true; }
      } else if (r.status === 401) {
        expire();
      }
    }).catch(function () {});
  }
  stay.addEventListener("click", function () { ping(true); });
  // Typing counts as activity: a long text being written keeps the session, at most one request in 5 minutes.
  document.addEventListener("input", function () {
    if (Date.now() - lastPing > 5 * 60 * 1000 && box.hidden) { ping(false); }
  });
  schedule();
})();
