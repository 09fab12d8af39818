/**
 * Lets MathJax add each CSS rule to the page once.
 *
 * JupyterLab's MathJax typesetters (the built-in one and @jupyterlab/mathjax3-extension, which
 * jupyterlab_rise brings along) typeset every changed piece of maths with
 * `mathDocument.clear().render()`. After the clear, MathJax forgets which characters it has
 * styled and inserts their CSS rules again, into the same stylesheet (`#MJX-CHTML-styles`). A
 * slider panel whose maths changes with every move (an ipywidgets HTMLMath) so adds about 30
 * copies of rules per move; after a few hundred moves the browser spends hundreds of
 * milliseconds per frame matching them, and the panels lag.
 *
 * This plugin watches for MathJax's stylesheet and makes it skip a rule it has already been
 * given. It changes nothing else: MathJax still typesets every element, and a rule it has never
 * inserted goes in as before. It works at the stylesheet, so it does not depend on which
 * typesetter is active.
 */

const MATHJAX_STYLESHEET_ID = 'MJX-CHTML-styles';

const sheetsInsertingOnce = new WeakSet();

/**
 * Make one stylesheet skip `insertRule` calls with a rule text it has already been given.
 *
 * @param {CSSStyleSheet} sheet The stylesheet to change (only this object, not the prototype).
 * @returns {CSSStyleSheet} The same sheet.
 *
 * @example
 * insertEachRuleOnce(sheet);
 * sheet.insertRule('a { color: red }', 0); // inserted
 * sheet.insertRule('a { color: red }', 0); // skipped: sheet.cssRules.length is still 1
 */
export function insertEachRuleOnce(sheet) {
  if (sheetsInsertingOnce.has(sheet)) {
    return sheet;
  }
  sheetsInsertingOnce.add(sheet);
  const insertRule = sheet.insertRule;
  const given = new Set();
  sheet.insertRule = function (rule, index = 0) {
    if (given.has(rule)) {
      return index;
    }
    given.add(rule);
    return insertRule.call(sheet, rule, index);
  };
  return sheet;
}

/**
 * Apply `insertEachRuleOnce` to MathJax's stylesheet now, and whenever it is (re)added to the
 * document's head.
 *
 * @param {Document} document The page.
 * @returns {MutationObserver} The observer, watching the head's children.
 */
export function watchMathJaxStylesheet(document) {
  const patch = () => {
    const element = document.getElementById(MATHJAX_STYLESHEET_ID);
    if (element && element.sheet) {
      insertEachRuleOnce(element.sheet);
    }
  };
  patch();
  const observer = new MutationObserver(patch);
  observer.observe(document.head, { childList: true });
  return observer;
}

const plugin = {
  id: 'nbkernel-mathjax-styles:plugin',
  description:
    'MathJax adds each CSS rule to the page once, so live maths does not slow the page down.',
  autoStart: true,
  activate: () => {
    watchMathJaxStylesheet(document);
  }
};

export default plugin;
