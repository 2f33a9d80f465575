import random, json
random.seed(11)
bases=["http://a/b/c/d;p?q","https://u:p@example.com:8443/x/y/z?k=v#f","http://[::1]/a/","http://h/"]
pieces=["g",".","..","/","//","?","#","y","%2e","%2E%2e",";x","=","g:h","http:","https:","http:/","http://","HTTP://o.test","//o.test","///o.test",
 "\\","a b","ü","%zz","..;/","@","u@o.test","o.test:81","[::2]",":","~","a%2fb","?x=/../","#/../","mailto:x","ftp:g"]
out=set()
for _ in range(20000):
    r="".join(random.choice(pieces) for _ in range(random.randint(0,5)))
    out.add((random.choice(bases), r))
with open("refs.jsonl","w") as f:
    for b,r in sorted(out): f.write(json.dumps([b,r])+"\n")
print(len(out))
