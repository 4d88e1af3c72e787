import "../src/i18n";
