// The admin export page's "Select all" box. django-import-export wires it with an inline onchange
// attribute, which the Content Security Policy blocks; onSelectToggleChange comes from its
// export_selectable_fields.js (the form's media).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
