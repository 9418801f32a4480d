// Pinpoint's progressive enhancement. Every page works without this file: the texts the buttons copy are printed
// on the page, selectable, and an error summary is the first thing in the page's main content. With it, the
// "Copy …" buttons appear and put the text on the clipboard, and a status line (role="status", so screen readers
// announce it) says whether that worked; and a GOV.UK error summary takes focus when the page loads, as GOV.UK
// Frontend's own script (not shipped) would do for data-module="govuk-error-summary".
(function () {
  'use strict'

  // The markup gives the summary tabindex="-1", so it can take focus without joining the tab order.
  var summary = document.querySelector('[data-module="govuk-error-summary"]')
  if (summary) summary.focus()

  // The text of the element the button names, as a reader would paste it: whitespace runs folded to one space.
  function textOf (id) {
    var el = document.getElementById(id)
    return el ? el.textContent.replace(/\s+/g, ' ').trim() : ''
  }

  // Older browsers and insecure origins have no async clipboard: copy through a selected, off-screen text area.
  function legacyCopy (text) {
    var area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.className = 'govuk-visually-hidden'
    document.body.appendChild(area)
    area.select()
    var ok = false
    try { ok = document.execCommand('copy') } catch (e) { ok = false }
    document.body.removeChild(area)
    return ok
  }

  function copy (text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true }, function () { return legacyCopy(text) })
    }
    return Promise.resolve(legacyCopy(text))
  }

  function say (button, message) {
    var status = document.getElementById(button.getAttribute('data-status'))
    if (status) status.textContent = message
  }

  function enhance (button) {
    button.hidden = false
    button.addEventListener('click', function () {
      var text = textOf(button.getAttribute('data-copy'))
      var what = button.getAttribute('data-what') || 'text'
      say(button, '')
      copy(text).then(function (ok) {
        say(button, ok ? 'Copied ' + what + ' to the clipboard' : 'Could not copy: select the ' + what + ' and copy it')
      })
    })
  }

  var buttons = document.querySelectorAll('button[data-copy]')
  for (var i = 0; i < buttons.length; i++) enhance(buttons[i])
})()
