// The site's style sheet, served at /site.css from the binary itself, so the
// pages look right with or without the built front end.
#ifndef MANRS_SRC_WEB_SITE_CSS_H_
#define MANRS_SRC_WEB_SITE_CSS_H_

namespace manrs::web {

inline constexpr const char* kSiteCss = R"css(
:root{color-scheme:light}
input,textarea,button{box-sizing:border-box}
body{font:15px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#24292f;margin:0;background:#f6f8fa}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
.site{background:#0d1117;color:#fff}
.site .inner{max-width:1100px;margin:0 auto;padding:12px 32px;display:flex;gap:22px;align-items:center;flex-wrap:wrap}
.site .brand{font-weight:700;font-size:17px;color:#fff;margin-right:8px}
.site a{color:#c9d1d9;font-size:14px}.site a.on{color:#fff;font-weight:600}
.site form.search{margin-left:auto;display:flex;gap:6px}
.site input[type=search]{width:260px;border-radius:6px;border:1px solid #30363d;background:#161b22;color:#fff;padding:6px 10px}
.site .who{font-size:13px;color:#9da7b3}
.site .who form{display:inline}
.site .who button{background:none;border:0;color:#c9d1d9;cursor:pointer;font-size:13px;padding:0}
.hero{background:#0d1117;color:#fff;padding:18px 32px 64px}
.hero .inner{max-width:1100px;margin:0 auto}
.hero h1{margin:0;font-size:28px;font-weight:650}.hero p{margin:6px 0 0;color:#9da7b3}
main{max-width:1100px;margin:0 auto;padding:0 32px 60px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin-top:-44px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.card h3{margin:0 0 4px;font-size:13px;color:#57606a;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.card .big{font-size:28px;font-weight:650}
.card .sub{font-size:12.5px;color:#57606a}
h2{font-size:19px;margin:30px 0 12px;padding-bottom:6px;border-bottom:1px solid #d0d7de}
.panel{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:16px 18px;margin-bottom:14px}
.panel h3{margin:0 0 10px;font-size:15px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:14px}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th{text-align:left;color:#57606a;font-weight:600;border-bottom:1px solid #d0d7de;padding:6px 8px}
td{border-bottom:1px solid #eaeef2;padding:6px 8px;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;color:#fff}
.l-ready{background:#1a7f37}.l-aspiring{background:#bf8700}.l-lagging{background:#cf222e}.l-unmeasured{background:#8c959f}
.stack{display:flex;height:18px;border-radius:4px;overflow:hidden;background:#eaeef2;min-width:160px}
.stack span{display:block;height:100%}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12.5px;margin-top:8px;color:#57606a}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}
.chart{position:relative;height:260px}
.muted,small{color:#57606a}
form.stacked{display:grid;gap:10px;max-width:420px}
form.stacked label{display:grid;gap:4px;font-weight:600;font-size:13.5px}
input[type=email],input[type=password],input[type=text],input[type=search],textarea{font:inherit;padding:7px 10px;border:1px solid #d0d7de;border-radius:6px;width:100%}
textarea{min-height:54px}
button,.button{font:inherit;font-weight:600;background:#1f883d;color:#fff;border:1px solid rgba(27,31,36,.15);border-radius:6px;padding:6px 14px;cursor:pointer}
button.secondary{background:#f6f8fa;color:#24292f}
.flash{padding:10px 14px;border-radius:8px;margin:14px 0;background:#ddf4ff;border:1px solid #54aeff}
.error{padding:10px 14px;border-radius:8px;margin:14px 0;background:#ffebe9;border:1px solid #ff8182}
.token{font-family:ui-monospace,monospace;background:#f6f8fa;border:1px dashed #8c959f;padding:6px 10px;border-radius:6px;display:inline-block;user-select:all}
.dvm td{vertical-align:middle}
.gap{color:#cf222e;font-weight:600}.ok{color:#1a7f37;font-weight:600}
.actions-grid{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.actions-grid fieldset{border:1px solid #d0d7de;border-radius:8px;padding:10px 12px}
.page{padding-top:24px}
footer{color:#57606a;font-size:12.5px;margin-top:40px}
@media (max-width:800px){.cards,.grid2,.actions-grid{grid-template-columns:1fr 1fr}.site form.search{margin-left:0}}
)css";

}  // namespace manrs::web

#endif  // MANRS_SRC_WEB_SITE_CSS_H_
