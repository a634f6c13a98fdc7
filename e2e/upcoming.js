/*
 * Drafted cases for views that are not built yet. They are not run and not reported unless asked
 * for (E2E_UPCOMING=name|all). When a view lands, move its case to views.js. None pending now.
 */
'use strict';

module.exports = [];
