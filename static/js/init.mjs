// Starts GOV.UK Frontend's enhancements (error summary focus, password reveal, menus).
// Every page works without this file.
import { initAll } from "/static/build/govuk-frontend.min.js";

initAll();
