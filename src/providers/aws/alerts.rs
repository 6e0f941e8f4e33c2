//! Which identity events an alert catches: CloudWatch Logs metric-filter patterns and EventBridge
//! event patterns, classified into [`AlertSignal`]s.
//!
//! Rather than look for keywords, the classifier *runs* the pattern against representative
//! CloudTrail records (as CloudWatch Logs receives them, and as EventBridge delivers them):
//!
//! | signal | detected when the pattern matches |
//! |---|---|
//! | `signin_failure` | a failed IAM-user console sign-in (`ConsoleLogin`, `errorMessage` "Failed authentication", `responseElements.ConsoleLogin` "Failure", `MFAUsed` "No") |
//! | `signin_without_mfa` | a successful IAM-user console sign-in with `MFAUsed` "No" |
//! | `root_usage` | both a root console sign-in and an API call made with root credentials |
//! | `iam_change` | any of: AttachUserPolicy, PutUserPolicy, CreateUser, CreateAccessKey by an IAM user |
//!
//! A pattern that also matches a routine read-only API call (`ec2:DescribeInstances`) catches
//! everything, is no alert on identity events, and detects nothing. So an EventBridge rule on
//! `"detail-type": ["AWS Console Sign In via CloudTrail"]` with no further filter detects both
//! sign-in signals, and the CIS 1.2 "no MFA" filter (no `ConsoleLogin = Success` condition) also
//! fires on failed sign-ins (CloudTrail records `MFAUsed: "No"` on them) and so detects both.
//!
//! Pattern syntax not understood (regular expressions, space-delimited `[...]` patterns, the
//! EventBridge `cidr` matcher) makes the pattern match nothing: it can only under-claim.

use crate::model::AlertSignal;
use serde_json::{json, Value};

/// The signals a CloudWatch Logs filter pattern detects (sorted). `None` pattern = empty.
pub fn classify_filter_pattern(pattern: &str) -> Vec<AlertSignal> {
    let Some(filter) = FilterPattern::parse(pattern) else {
        return Vec::new();
    };
    classify(|record| filter.matches(record), false)
}

/// The signals an EventBridge event pattern (JSON text) detects (sorted).
pub fn classify_event_pattern(pattern: &str) -> Vec<AlertSignal> {
    let Ok(p) = serde_json::from_str::<Value>(pattern) else {
        return Vec::new();
    };
    if !p.is_object() {
        return Vec::new();
    }
    classify(|event| eb_match(&p, event), true)
}

fn classify(matches: impl Fn(&Value) -> bool, eventbridge: bool) -> Vec<AlertSignal> {
    let ev = |r: Value| if eventbridge { to_eventbridge(r) } else { r };
    if matches(&ev(benign_call())) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if matches(&ev(signin(false, false, "IAMUser"))) {
        out.push(AlertSignal::SigninFailure);
    }
    if matches(&ev(signin(true, false, "IAMUser"))) {
        out.push(AlertSignal::SigninWithoutMfa);
    }
    if matches(&ev(signin(true, true, "Root"))) && matches(&ev(root_api_call())) {
        out.push(AlertSignal::RootUsage);
    }
    if [
        "AttachUserPolicy",
        "PutUserPolicy",
        "CreateUser",
        "CreateAccessKey",
    ]
    .iter()
    .any(|name| matches(&ev(iam_call(name))))
    {
        out.push(AlertSignal::IamChange);
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// Representative CloudTrail records (shapes from the AWS CloudTrail documentation examples).

fn identity(kind: &str) -> Value {
    match kind {
        "Root" => json!({"type": "Root", "principalId": "123456789012",
            "arn": "arn:aws:iam::123456789012:root", "accountId": "123456789012"}),
        _ => json!({"type": "IAMUser", "principalId": "AIDACKCEVSQ6C2EXAMPLE",
            "arn": "arn:aws:iam::123456789012:user/alice", "accountId": "123456789012",
            "userName": "alice"}),
    }
}

fn signin(success: bool, mfa: bool, who: &str) -> Value {
    let mut r = json!({
        "eventVersion": "1.08",
        "userIdentity": identity(who),
        "eventTime": "2026-11-20T12:00:00Z",
        "eventSource": "signin.amazonaws.com",
        "eventName": "ConsoleLogin",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "Mozilla/5.0",
        "requestParameters": null,
        "responseElements": {"ConsoleLogin": if success { "Success" } else { "Failure" }},
        "additionalEventData": {
            "LoginTo": "https://console.aws.amazon.com/console/home",
            "MobileVersion": "No",
            "MFAUsed": if mfa { "Yes" } else { "No" }
        },
        "eventID": "3fcfb182-98f8-4744-bd45-10a395ab61cb",
        "readOnly": false,
        "eventType": "AwsConsoleSignIn",
        "managementEvent": true,
        "recipientAccountId": "123456789012",
        "eventCategory": "Management"
    });
    if !success {
        r["errorMessage"] = json!("Failed authentication");
    }
    r
}

fn api_call(who: &str, source: &str, name: &str, read_only: bool) -> Value {
    json!({
        "eventVersion": "1.08",
        "userIdentity": identity(who),
        "eventTime": "2026-11-20T12:00:00Z",
        "eventSource": source,
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "aws-cli/2.15.0",
        "requestParameters": {},
        "responseElements": null,
        "eventID": "6a2b1b4c-0000-4000-8000-000000000000",
        "readOnly": read_only,
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": "123456789012",
        "eventCategory": "Management"
    })
}

fn root_api_call() -> Value {
    api_call("Root", "ec2.amazonaws.com", "RunInstances", false)
}

fn iam_call(name: &str) -> Value {
    api_call("IAMUser", "iam.amazonaws.com", name, false)
}

fn benign_call() -> Value {
    api_call("IAMUser", "ec2.amazonaws.com", "DescribeInstances", true)
}

/// A CloudTrail record as EventBridge delivers it.
fn to_eventbridge(record: Value) -> Value {
    let (source, detail_type) = if record["eventType"] == "AwsConsoleSignIn" {
        (
            "aws.signin".to_string(),
            "AWS Console Sign In via CloudTrail",
        )
    } else {
        let svc = record["eventSource"]
            .as_str()
            .unwrap_or("")
            .trim_end_matches(".amazonaws.com")
            .to_string();
        (format!("aws.{svc}"), "AWS API Call via CloudTrail")
    };
    json!({
        "version": "0",
        "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": detail_type,
        "source": source,
        "account": "123456789012",
        "time": "2026-11-20T12:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": record
    })
}

// ---------------------------------------------------------------------------------------------
// CloudWatch Logs filter patterns

#[derive(Debug, Clone, PartialEq)]
enum FilterPattern {
    /// Empty pattern: every event.
    All,
    /// `{ ... }` JSON pattern.
    Json(Expr),
    /// Term pattern: `ERROR "Failed authentication" ?x ?y -z`.
    Terms {
        all: Vec<String>,
        any: Vec<String>,
        none: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp {
        path: Vec<Seg>,
        op: Op,
        value: Option<Lit>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    NotExists,
    IsNull,
    IsTrue,
    IsFalse,
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Str(String),
    Num(f64),
}

impl FilterPattern {
    fn parse(pattern: &str) -> Option<FilterPattern> {
        let p = pattern.trim();
        if p.is_empty() {
            return Some(FilterPattern::All);
        }
        if let Some(inner) = p.strip_prefix('{') {
            let inner = inner.strip_suffix('}')?;
            let mut parser = Parser {
                s: inner.as_bytes(),
                i: 0,
            };
            let e = parser.expr()?;
            parser.ws();
            return (parser.i == parser.s.len()).then_some(FilterPattern::Json(e));
        }
        if p.starts_with('[') || p.contains('%') {
            return None;
        }
        let mut all = Vec::new();
        let mut any = Vec::new();
        let mut none = Vec::new();
        for t in split_terms(p)? {
            if let Some(x) = t.strip_prefix('?') {
                any.push(x.to_string());
            } else if let Some(x) = t.strip_prefix('-') {
                none.push(x.to_string());
            } else {
                all.push(t);
            }
        }
        Some(FilterPattern::Terms { all, any, none })
    }

    fn matches(&self, event: &Value) -> bool {
        match self {
            FilterPattern::All => true,
            FilterPattern::Json(e) => e.eval(event),
            FilterPattern::Terms { all, any, none } => {
                let text = event.to_string();
                all.iter().all(|t| text.contains(t.as_str()))
                    && (any.is_empty() || any.iter().any(|t| text.contains(t.as_str())))
                    && !none.iter().any(|t| text.contains(t.as_str()))
            }
        }
    }
}

/// Splits a term pattern into terms; quoted phrases stay whole (quotes removed).
fn split_terms(p: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = p.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut term = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if c == '"' {
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(x) => term.push(x),
                        None => return None,
                    }
                }
            } else {
                term.push(c);
            }
        }
        if !term.is_empty() {
            out.push(term);
        }
    }
    Some(out)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, tok: &str) -> bool {
        self.ws();
        if self.s[self.i..].starts_with(tok.as_bytes()) {
            self.i += tok.len();
            true
        } else {
            false
        }
    }
    /// A keyword (case-insensitive) followed by a non-identifier character.
    fn eat_word(&mut self, word: &str) -> bool {
        self.ws();
        let end = self.i + word.len();
        if end <= self.s.len()
            && self.s[self.i..end].eq_ignore_ascii_case(word.as_bytes())
            && self
                .s
                .get(end)
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        {
            self.i = end;
            true
        } else {
            false
        }
    }
    fn expr(&mut self) -> Option<Expr> {
        let mut left = self.and()?;
        while self.eat("||") {
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Some(left)
    }
    fn and(&mut self) -> Option<Expr> {
        let mut left = self.unary()?;
        while self.eat("&&") {
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Some(left)
    }
    fn unary(&mut self) -> Option<Expr> {
        if self.eat("(") {
            let e = self.expr()?;
            return self.eat(")").then_some(e);
        }
        self.comparison()
    }
    fn comparison(&mut self) -> Option<Expr> {
        let path = self.selector()?;
        if self.eat_word("NOT") {
            return self.eat_word("EXISTS").then_some(Expr::Cmp {
                path,
                op: Op::NotExists,
                value: None,
            });
        }
        if self.eat_word("IS") {
            let op = if self.eat_word("NULL") {
                Op::IsNull
            } else if self.eat_word("TRUE") {
                Op::IsTrue
            } else if self.eat_word("FALSE") {
                Op::IsFalse
            } else {
                return None;
            };
            return Some(Expr::Cmp {
                path,
                op,
                value: None,
            });
        }
        let op = if self.eat("!=") {
            Op::Ne
        } else if self.eat("<=") {
            Op::Le
        } else if self.eat(">=") {
            Op::Ge
        } else if self.eat("=") {
            Op::Eq
        } else if self.eat("<") {
            Op::Lt
        } else if self.eat(">") {
            Op::Gt
        } else {
            return None;
        };
        let value = self.value()?;
        Some(Expr::Cmp {
            path,
            op,
            value: Some(value),
        })
    }
    fn selector(&mut self) -> Option<Vec<Seg>> {
        if !self.eat("$") {
            return None;
        }
        let mut path = Vec::new();
        loop {
            if self.s.get(self.i) == Some(&b'.') {
                self.i += 1;
                let start = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric()
                        || matches!(self.s[self.i], b'_' | b'-' | b'@' | b':'))
                {
                    self.i += 1;
                }
                if start == self.i {
                    return None;
                }
                path.push(Seg::Key(
                    String::from_utf8_lossy(&self.s[start..self.i]).into_owned(),
                ));
            } else if self.s.get(self.i) == Some(&b'[') {
                self.i += 1;
                let start = self.i;
                while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                    self.i += 1;
                }
                let n = std::str::from_utf8(&self.s[start..self.i])
                    .ok()?
                    .parse()
                    .ok()?;
                if self.s.get(self.i) != Some(&b']') {
                    return None;
                }
                self.i += 1;
                path.push(Seg::Index(n));
            } else {
                break;
            }
        }
        (!path.is_empty()).then_some(path)
    }
    fn value(&mut self) -> Option<Lit> {
        self.ws();
        if self.s.get(self.i) == Some(&b'"') {
            self.i += 1;
            let mut out = Vec::new();
            while self.i < self.s.len() && self.s[self.i] != b'"' {
                if self.s[self.i] == b'\\' && self.i + 1 < self.s.len() {
                    self.i += 1;
                }
                out.push(self.s[self.i]);
                self.i += 1;
            }
            if self.i >= self.s.len() {
                return None;
            }
            self.i += 1;
            return Some(Lit::Str(String::from_utf8(out).ok()?));
        }
        let start = self.i;
        while self.i < self.s.len()
            && !self.s[self.i].is_ascii_whitespace()
            && !matches!(self.s[self.i], b')' | b'&' | b'|' | b'(')
        {
            self.i += 1;
        }
        if start == self.i {
            return None;
        }
        let raw = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        if raw.starts_with('%') {
            return None; // regular expression: not supported
        }
        Some(match raw.parse::<f64>() {
            Ok(n) => Lit::Num(n),
            Err(_) => Lit::Str(raw.to_string()),
        })
    }
}

impl Expr {
    fn eval(&self, event: &Value) -> bool {
        match self {
            Expr::And(a, b) => a.eval(event) && b.eval(event),
            Expr::Or(a, b) => a.eval(event) || b.eval(event),
            Expr::Cmp { path, op, value } => {
                let field = lookup(event, path);
                match op {
                    Op::NotExists => field.is_none(),
                    Op::IsNull => field.is_none_or(Value::is_null),
                    Op::IsTrue => field == Some(&Value::Bool(true)),
                    Op::IsFalse => field == Some(&Value::Bool(false)),
                    Op::Eq => field.is_some_and(|f| value.as_ref().is_some_and(|v| equals(f, v))),
                    // A selector that does not exist never matches, `!=` included.
                    Op::Ne => field.is_some_and(|f| {
                        !f.is_null() && value.as_ref().is_some_and(|v| !equals(f, v))
                    }),
                    Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                        let (Some(f), Some(Lit::Num(v))) = (field.and_then(Value::as_f64), value)
                        else {
                            return false;
                        };
                        match op {
                            Op::Lt => f < *v,
                            Op::Le => f <= *v,
                            Op::Gt => f > *v,
                            _ => f >= *v,
                        }
                    }
                }
            }
        }
    }
}

fn lookup<'a>(v: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    let mut cur = v;
    for seg in path {
        cur = match seg {
            Seg::Key(k) => cur.get(k.as_str())?,
            Seg::Index(i) => cur.get(*i)?,
        };
    }
    Some(cur)
}

fn equals(field: &Value, lit: &Lit) -> bool {
    match (field, lit) {
        (Value::String(s), Lit::Str(p)) => glob(p, s),
        (Value::String(s), Lit::Num(n)) => s.parse::<f64>().is_ok_and(|x| x == *n),
        (Value::Number(x), Lit::Num(n)) => x.as_f64() == Some(*n),
        (Value::Number(x), Lit::Str(p)) => glob(p, &x.to_string()),
        (Value::Bool(b), Lit::Str(p)) => p == if *b { "true" } else { "false" },
        _ => false,
    }
}

/// `*` matches any run of characters; everything else literally (case-sensitive).
fn glob(pattern: &str, s: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == s;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = s;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(pos) => rest = &rest[pos + part.len()..],
                None => return false,
            }
        }
    }
    true
}

// ---------------------------------------------------------------------------------------------
// EventBridge event patterns

/// Does an EventBridge pattern (object) match `event`?
fn eb_match(pattern: &Value, event: &Value) -> bool {
    let Some(p) = pattern.as_object() else {
        return false;
    };
    p.iter().all(|(k, v)| {
        if k == "$or" {
            return v
                .as_array()
                .is_some_and(|alts| alts.iter().any(|alt| eb_match(alt, event)));
        }
        let field = event.get(k);
        match v {
            Value::Object(_) => {
                // Nested pattern: a missing object only satisfies `exists: false` leaves.
                eb_match(v, field.unwrap_or(&Value::Null))
            }
            Value::Array(matchers) => matchers.iter().any(|m| eb_matcher(m, field)),
            _ => false,
        }
    })
}

fn eb_matcher(m: &Value, field: Option<&Value>) -> bool {
    let values: Vec<&Value> = match field {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    match m {
        Value::Object(o) if o.len() == 1 => {
            let (op, arg) = o.iter().next().unwrap();
            match op.as_str() {
                "exists" => arg.as_bool() == Some(field.is_some()),
                "anything-but" => {
                    !values.is_empty() && values.iter().all(|v| !anything_but_hits(arg, v))
                }
                _ => values.iter().any(|v| eb_op(op, arg, v)),
            }
        }
        Value::Object(_) => false,
        literal => values.contains(&literal),
    }
}

/// True when `v` is one of the excluded values of an `anything-but`.
fn anything_but_hits(arg: &Value, v: &Value) -> bool {
    match arg {
        Value::Array(xs) => xs.iter().any(|x| x == v),
        Value::Object(o) if o.len() == 1 => {
            let (op, a) = o.iter().next().unwrap();
            eb_op(op, a, v)
        }
        x => x == v,
    }
}

fn eb_op(op: &str, arg: &Value, v: &Value) -> bool {
    let Some(s) = v.as_str() else {
        return op == "numeric" && numeric(arg, v);
    };
    match (op, arg) {
        ("prefix", Value::String(p)) => s.starts_with(p.as_str()),
        ("prefix", Value::Object(o)) => o
            .get("equals-ignore-case")
            .and_then(Value::as_str)
            .is_some_and(|p| s.to_lowercase().starts_with(&p.to_lowercase())),
        ("suffix", Value::String(p)) => s.ends_with(p.as_str()),
        ("suffix", Value::Object(o)) => o
            .get("equals-ignore-case")
            .and_then(Value::as_str)
            .is_some_and(|p| s.to_lowercase().ends_with(&p.to_lowercase())),
        ("equals-ignore-case", Value::String(p)) => s.eq_ignore_ascii_case(p),
        ("wildcard", Value::String(p)) => glob(p, s),
        _ => false,
    }
}

fn numeric(arg: &Value, v: &Value) -> bool {
    let (Some(x), Some(ops)) = (v.as_f64(), arg.as_array()) else {
        return false;
    };
    ops.chunks(2).all(|pair| {
        let (Some(op), Some(n)) = (pair[0].as_str(), pair.get(1).and_then(Value::as_f64)) else {
            return false;
        };
        match op {
            "=" => x == n,
            "<" => x < n,
            "<=" => x <= n,
            ">" => x > n,
            ">=" => x >= n,
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use AlertSignal::*;

    // CIS AWS Foundations Benchmark metric-filter patterns (v1.2 / v1.4 / v3.0 section 4.x).
    const CIS_SIGNIN_FAILURE: &str =
        r#"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#;
    const CIS_NO_MFA_V12: &str =
        r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }"#;
    const CIS_NO_MFA_V3: &str = r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#;
    const CIS_ROOT: &str = r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#;
    const CIS_IAM_CHANGES: &str = "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}";
    const CIS_CLOUDTRAIL_CHANGES: &str = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }";

    #[test]
    fn cis_metric_filter_patterns() {
        assert_eq!(
            classify_filter_pattern(CIS_SIGNIN_FAILURE),
            vec![SigninFailure]
        );
        assert_eq!(
            classify_filter_pattern(CIS_NO_MFA_V3),
            vec![SigninWithoutMfa]
        );
        // Without the Success condition the v1.2 filter also counts failed sign-ins.
        assert_eq!(
            classify_filter_pattern(CIS_NO_MFA_V12),
            vec![SigninFailure, SigninWithoutMfa]
        );
        assert_eq!(classify_filter_pattern(CIS_ROOT), vec![RootUsage]);
        assert_eq!(classify_filter_pattern(CIS_IAM_CHANGES), vec![IamChange]);
        assert_eq!(classify_filter_pattern(CIS_CLOUDTRAIL_CHANGES), vec![]);
    }

    #[test]
    fn metric_filter_edge_cases() {
        // Matches everything: not an identity alert.
        assert_eq!(classify_filter_pattern(""), vec![]);
        assert_eq!(classify_filter_pattern("{ $.eventName = * }"), vec![]);
        // Every console sign-in.
        assert_eq!(
            classify_filter_pattern(r#"{ $.eventName = "ConsoleLogin" }"#),
            vec![SigninFailure, SigninWithoutMfa]
        );
        // Wildcards and term patterns.
        assert_eq!(
            classify_filter_pattern(
                r#"{ $.errorMessage = "Failed*" && $.eventSource = signin.amazonaws.com }"#
            ),
            vec![SigninFailure]
        );
        assert_eq!(
            classify_filter_pattern(r#""Failed authentication""#),
            vec![SigninFailure]
        );
        // Root sign-ins only are not "root usage" (key-based use is missed).
        assert_eq!(
            classify_filter_pattern(
                r#"{ $.userIdentity.type = "Root" && $.eventName = "ConsoleLogin" }"#
            ),
            vec![]
        );
        // Unsupported syntax and garbage detect nothing.
        assert_eq!(
            classify_filter_pattern("{ $.eventName = %Console.*% }"),
            vec![]
        );
        assert_eq!(classify_filter_pattern("[ip, user, ...]"), vec![]);
        assert_eq!(
            classify_filter_pattern("{ ($.eventName = ConsoleLogin "),
            vec![]
        );
        // && binds tighter than ||.
        assert_eq!(
            classify_filter_pattern(
                r#"{ $.eventName = CreateUser || $.eventName = ConsoleLogin && $.errorMessage = "Failed authentication" }"#
            ),
            vec![SigninFailure, IamChange]
        );
    }

    #[test]
    fn eventbridge_sign_in_patterns() {
        let all_signins = r#"{"detail-type": ["AWS Console Sign In via CloudTrail"]}"#;
        assert_eq!(
            classify_event_pattern(all_signins),
            vec![SigninFailure, SigninWithoutMfa]
        );
        let failures = r#"{"source": ["aws.signin"], "detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"responseElements": {"ConsoleLogin": ["Failure"]}}}"#;
        assert_eq!(classify_event_pattern(failures), vec![SigninFailure]);
        let no_mfa = r#"{"detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"additionalEventData": {"MFAUsed": [{"anything-but": "Yes"}]}, "responseElements": {"ConsoleLogin": ["Success"]}}}"#;
        assert_eq!(classify_event_pattern(no_mfa), vec![SigninWithoutMfa]);
        let no_mfa_literal = r#"{"detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"additionalEventData": {"MFAUsed": ["No"]}}}"#;
        assert_eq!(
            classify_event_pattern(no_mfa_literal),
            vec![SigninFailure, SigninWithoutMfa]
        );
        let root_signin = r#"{"detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"userIdentity": {"type": ["Root"]}}}"#;
        assert_eq!(classify_event_pattern(root_signin), vec![]);
        let root_any = r#"{"detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"], "detail": {"userIdentity": {"type": ["Root"]}}}"#;
        assert_eq!(classify_event_pattern(root_any), vec![RootUsage]);
        let iam = r#"{"source": ["aws.iam"], "detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": [{"prefix": "Create"}, {"prefix": "Attach"}]}}"#;
        assert_eq!(classify_event_pattern(iam), vec![IamChange]);
        let or = r#"{"detail-type": ["AWS Console Sign In via CloudTrail"], "$or": [{"detail": {"errorMessage": [{"exists": true}]}}, {"detail": {"responseElements": {"ConsoleLogin": ["Failure"]}}}]}"#;
        assert_eq!(classify_event_pattern(or), vec![SigninFailure]);
        // Everything CloudTrail sends, and garbage, are no identity alerts.
        assert_eq!(
            classify_event_pattern(r#"{"detail-type": ["AWS API Call via CloudTrail"]}"#),
            vec![]
        );
        assert_eq!(classify_event_pattern(r#"{"source": ["aws.ec2"]}"#), vec![]);
        assert_eq!(classify_event_pattern("not json"), vec![]);
        assert_eq!(classify_event_pattern("[]"), vec![]);
    }

    #[test]
    fn glob_matching() {
        assert!(glob("Failed*", "Failed authentication"));
        assert!(glob("*auth*", "Failed authentication"));
        assert!(glob("*", ""));
        assert!(!glob("Fail", "Failed"));
        assert!(glob("a*c", "abc"));
        assert!(!glob("a*c", "abd"));
    }
}
