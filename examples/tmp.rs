use msgraph_network_connection::*;
fn main() {
    for f in std::fs::read_dir("tests/data").unwrap() {
        let p = f.unwrap().path(); if p.extension().unwrap() != "json" { continue }
        let text = std::fs::read_to_string(&p).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let compact = serde_json::to_string(&v).unwrap();
        let out = if v.is_array() {
            if v[0].get("value").is_some() { serde_json::to_string(&serde_json::from_str::<Vec<GraphPage<Alert>>>(&compact).unwrap()).unwrap() }
            else { serde_json::to_string(&serde_json::from_str::<Vec<Alert>>(&compact).unwrap()).unwrap() }
        } else if v.get("value").is_some() { serde_json::to_string(&serde_json::from_str::<GraphPage<Alert>>(&compact).unwrap()).unwrap() }
        else { serde_json::to_string(&serde_json::from_str::<Alert>(&compact).unwrap()).unwrap() };
        println!("{} {}", out == compact, p.display());
    }
    for s in [r#"{"networkConnections":null}"#, r#"{"networkConnections":[]}"#, r#"{}"#, r#"{"a":1,"networkConnections":[],"id":null,"b":2}"#, r#"{"id":5}"#, r#"{"networkConnections":{}}"#, r#"{"id":"x","id":"y"}"#, r#"{"networkConnections":[{"sourcePort":1}]}"#] {
        match serde_json::from_str::<Alert>(s) { Ok(a) => println!("{s} -> {}", serde_json::to_string(&a).unwrap()), Err(e) => println!("{s} -> ERR {e}") }
    }
    for s in [r#"{"value":null,"@odata.count":3}"#, r#"{"x":1,"value":[],"@odata.nextLink":"n"}"#, r#"{"@odata.count":-1}"#, r#"{"value":[{"id":1}]}"#, r#"{"value":[1]}"#] {
        match serde_json::from_str::<GraphPage<Alert>>(s) { Ok(a) => println!("{s} -> {}", serde_json::to_string(&a).unwrap()), Err(e) => println!("{s} -> ERR {e}") }
    }
}
