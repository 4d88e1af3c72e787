// Drives Welkom's LibreTranslate dialect with the npm "libretranslate" client, as a JavaScript chat
// bot would. Usage: node libretranslate_npm.cjs URL API_KEY; prints the client's answer as JSON.
// The client is looked for in the folders of WELKOM_NODE_PATHS (":"-separated).
const paths = (process.env.WELKOM_NODE_PATHS || "").split(":").filter(Boolean);
const { translate } = require(require.resolve("libretranslate", { paths }));

const [url, apiKey] = process.argv.slice(2);
translate({ query: "Hallo team", source: "nl", target: "en", apiurl: url, apiKey })
  .then((text) => console.log(JSON.stringify({ translatedText: text })))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
