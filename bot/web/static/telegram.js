// Telegram's Web App hands the page its signed init data in the address's fragment
// (#tgWebAppData=...); the server checks the signature before anyone is logged in.
"use strict";
(function () {
  const box = document.getElementById("telegram-login");
  const form = document.getElementById("telegram-form");
  const data = new URLSearchParams(window.location.hash.slice(1)).get("tgWebAppData");
  if (!data) {
    box.querySelector(".js-only").textContent = box.dataset.refused;
    return;
  }
  form.elements.init_data.value = data;
  form.submit();
})();
