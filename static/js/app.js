// Safer Communities: start GOV.UK Frontend.
//
// Loaded from base.html as <script type="module">, after the GOV.UK Frontend
// module script (id="govuk-frontend-js"). The GOV.UK page template normally
// adds these body classes with an inline script, which our Content Security
// Policy (script-src 'self') forbids, so we do it here.
//
// GOV.UK Frontend is imported by the URL of that <script> element, so the
// import follows whatever (hashed) file name Django's manifest storage gave
// it. Importing the same URL again reuses the already loaded module.

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

const govukScript = document.getElementById('govuk-frontend-js')

if (govukScript && govukScript.src) {
  const { initAll } = await import(govukScript.src)
  initAll()
}
