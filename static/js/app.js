// Small progressive enhancements; every page works without them.

// Forms with data-confirm ask before they submit (deactivate someone, return a packet, ...).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Flash messages get a dismiss button; without JavaScript they simply stay.
function addFlashCloseButtons(root) {
  root.querySelectorAll(".flash-stack .flash:not([data-closable])").forEach((flash) => {
    flash.dataset.closable = "true";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "flash-close";
    button.setAttribute("aria-label", "Dismiss message");
    button.addEventListener("click", () => {
      const stack = flash.parentElement;
      flash.remove();
      if (stack && !stack.querySelector(".flash")) stack.remove();
    });
    flash.appendChild(button);
  });
}

document.addEventListener("DOMContentLoaded", () => addFlashCloseButtons(document));
document.addEventListener("htmx:afterSwap", (event) => addFlashCloseButtons(event.target));

// The phone menu is a CSS-only checkbox toggle; Escape closes it and returns focus to it.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const toggle = document.getElementById("nav-toggle");
  if (toggle && toggle.checked) {
    toggle.checked = false;
    toggle.focus();
  }
});
