// Tipe Pemohon: show only the list of the kategori chosen (kementerian/lembaga, provinsi or
// kabupaten/kota). The page works without this script; the server checks the list that was used.
(function () {
  "use strict";
  document.querySelectorAll("[data-tipe-pemohon]").forEach(function (box) {
    var radios = box.querySelectorAll('input[type="radio"][name="kategori"]');
    var lists = box.querySelectorAll(".tipe-daftar[data-kategori]");
    function update() {
      var chosen = "";
      radios.forEach(function (r) { if (r.checked) { chosen = r.value; } });
      lists.forEach(function (l) { l.hidden = l.dataset.kategori !== chosen; });
    }
    radios.forEach(function (r) { r.addEventListener("change", update); });
    update();
  });
})();
