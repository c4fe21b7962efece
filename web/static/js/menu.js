// Menu di layar sempit: navigasi yang panjang (petugas memegang banyak peran) diringkas di balik tombol
// "Menu", sehingga konten halaman terlihat tanpa menggulir melewati semua tautan. Tanpa JavaScript semua
// tautan tetap tampil sebagai daftar, dan tautan "Langsung ke konten utama" tetap ada.
(function () {
  "use strict";
  var nav = document.querySelector(".site-nav");
  var list = nav && nav.querySelector("ul");
  // A short list (the public pages, a registrator) is left as it is.
  if (!list || !window.matchMedia || list.children.length < 7) { return; }
  var narrow = window.matchMedia("(max-width: 40em)");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.textContent = "Menu";
  list.id = list.id || "navigasi-utama";
  button.setAttribute("aria-controls", list.id);
  button.setAttribute("aria-expanded", "false");
  nav.insertBefore(button, list);

  function apply() {
    var open = button.getAttribute("aria-expanded") === "true";
    button.hidden = !narrow.matches;
    list.hidden = narrow.matches && !open;
  }
  button.addEventListener("click", function () {
    button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "true" ? "false" : "true");
    apply();
  });
  if (narrow.addEventListener) { narrow.addEventListener("change", apply); } else { narrow.addListener(apply); }
  apply();
})();
