import countries from 'i18n-iso-countries/index.js';
import { createRequire } from 'node:module';

/**
 * Country names in the two languages the assistant speaks. The package's main entry registers all of its ~80
 * languages when loaded (40 ms at every start); this registers Korean and English only. Modules that import the
 * package's main entry share the same library object, so a name asked here is the same either way.
 */
const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/ko.json'));
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

export default countries;
