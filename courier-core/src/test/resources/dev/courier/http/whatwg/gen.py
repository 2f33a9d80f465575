import random, json
random.seed(7)
schemes = ["http://","https://","HTTP://","http:","http:/","http:///","ws://","ftp://","foo://","file://","file:///"]
users = ["","u@","u:p@","u:p@x@","@","a%40b@",":@","u:p:q@","user@host@"]
hosts = ["example.com","EXAMPLE.com","bücher.example","xn--bcher-kva.example","127.1","0x7f.1","0177.0.0.1","2130706433",
 "1.2.3.256","10.0.0.010","[::1]","[::ffff:1.2.3.4]","[0:0::1]","[::1%25eth0]","a_b.example","ex%41mple.com","ex%2Fample.com",
 "ex%00ample","exa mple","exa\\mple","0x","foo.0x","1.2.3.4.","1..2","ＥＸＡＭＰＬＥ.com","example。com","a.b.c.d.e.1","4294967296",
 "0x100000000","999999999999","[1:2:3:4:5:6:7:8]","[1::2::3]","[::1.2.3.04]","xn--","a..b",".a","a.","%31.2.3.4","faß.de","ex!$&'()*+,;=ample",
 "ex\"ample","ex`ample","ex{ample","ex~ample","09.1","1.09","0.0.0.0x1","0x1.0x2.0x3.0x4","1.2.3","[v1.x]","h:80","h:0080","h:","h:65536","h:8a",
 "h:+1","h\u00ad.com","h\u200b.com","ÉXAMPLE.com","\u2163.example","exam\u0301ple"]
paths = ["","/","/a/b","/a/../b","/a/%2e%2e/b","/a/%2E/b","/./","/..","/a b","/ü","/%zz","/%","/a?b","/a#b","/a/..%2f","/\\a","/a\\b",
 "/a\u0001b","/a|b","/a\"b","/a<b>","/a`b","/a{b}","/a^b","/a[b]","/;x","/@:","/.../","/a/.","/a/..","/%2e","/a%2fb","?q=a b","?q=\"'<>","#f g","#a#b","?a\\b","/a//b","//"]
out=set()
for _ in range(30000):
    s=random.choice(schemes)+random.choice(users)+random.choice(hosts)+random.choice(paths)
    if random.random()<0.3: s+=random.choice(paths)
    out.add(s)
with open("inputs.jsonl","w") as f:
    for s in sorted(out): f.write(json.dumps(s)+"\n")
print(len(out))
