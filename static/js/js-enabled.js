// GOV.UK Frontend's body class, from a file so the Content-Security-Policy needs no 'unsafe-inline'.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
